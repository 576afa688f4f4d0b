/**
 * A strict picture of a folder for "nothing was written" checks: every entry below it (folders too, and
 * winprep's own lock and journal, which a read-only or discarded run must not leave either), each file by the
 * sha256 of its bytes and its permission bits. Two snapshots are equal only when not one byte, name or mode changed.
 */
import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';

export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await fs.readdir(root, {withFileTypes: true, recursive: true})) {
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(root, full).split(path.sep).join('/');
    const mode = ((await fs.lstat(full)).mode & 0o7777).toString(8);
    if (entry.isFile()) out[rel] = `file ${mode} ${createHash('sha256').update(await fs.readFile(full)).digest('hex')}`;
    else if (entry.isDirectory()) out[rel] = `dir ${mode}`;
    else out[rel] = `other ${mode}`;
  }
  return out;
}
