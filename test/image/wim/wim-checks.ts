/**
 * Checks of a WIM through wimlib's own view, independent of winprep's parser: which byte ranges the header and
 * the blob table use (`wimlib-imagex info --header`, `--blobs`), whether every other byte is zero, and whether
 * wimlib verifies it.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {runCli} from '../../helpers/cli.js';
import {sh} from '../helpers.js';

export interface WimlibRange {
  what: string;
  start: number;
  end: number;
}

/** Header, blob table, XML, integrity table and every blob with a non-zero reference count; plus the count-0 blobs. */
export function wimlibUsedRanges(wim: string): {used: WimlibRange[]; unreferenced: number} {
  const header = sh('wimlib-imagex', ['info', wim, '--header']);
  const num = (name: string): number => Number(new RegExp(`^${name}\\s*=\\s*(\\d+)`, 'm').exec(header)?.[1] ?? '0');
  const used: WimlibRange[] = [{what: 'header', start: 0, end: 208}];
  for (const [what, prefix] of [
    ['blob table', 'Blob Table'],
    ['XML', 'XML Data'],
    ['integrity table', 'Integrity'],
  ] as const) {
    const size = num(`${prefix} Size`);
    if (size > 0) used.push({what, start: num(`${prefix} Offset`), end: num(`${prefix} Offset`) + size});
  }
  let unreferenced = 0;
  for (const block of sh('wimlib-imagex', ['info', wim, '--blobs']).split(/\n\s*\n/)) {
    const offset = /^Offset in WIM\s*=\s*(\d+)/im.exec(block)?.[1];
    const size = /^Compressed size\s*=\s*(\d+)/im.exec(block)?.[1];
    const refs = Number(/^Reference Count\s*=\s*(\d+)/im.exec(block)?.[1] ?? '1');
    if (offset === undefined || size === undefined) continue;
    if (refs === 0) {
      unreferenced++;
      continue;
    }
    used.push({what: `blob at ${offset}`, start: Number(offset), end: Number(offset) + Number(size)});
  }
  return {used, unreferenced};
}

/** Byte ranges outside `used` that hold something other than zero. */
export function nonZeroOutside(bytes: Buffer, used: WimlibRange[]): {start: number; end: number}[] {
  const sorted = [...used].sort((a, b) => a.start - b.start);
  const bad: {start: number; end: number}[] = [];
  let at = 0;
  const scan = (start: number, end: number) => {
    for (let i = start; i < end; i++) {
      if (bytes[i] !== 0) {
        bad.push({start, end});
        return;
      }
    }
  };
  for (const range of sorted) {
    if (range.start > at) scan(at, Math.min(range.start, bytes.length));
    at = Math.max(at, range.end);
  }
  if (at < bytes.length) scan(at, bytes.length);
  return bad;
}

/** verify passes, every byte nothing uses is zero, no blob is left with reference count 0, no journal beside it. */
export async function assertCleanWim(wim: string): Promise<void> {
  sh('wimlib-imagex', ['verify', wim]);
  const {used, unreferenced} = wimlibUsedRanges(wim);
  assert.equal(unreferenced, 0, `${wim}: blobs with reference count 0 left in the blob table`);
  const bad = nonZeroOutside(await fs.readFile(wim), used);
  assert.deepEqual(bad, [], `${wim}: bytes outside everything wimlib lists are not zero`);
  const beside = await fs.readdir(path.dirname(wim));
  assert.deepEqual(
    beside.filter((name) => name.startsWith(`.${path.basename(wim)}.`)),
    [],
    'journal or temp files left beside the WIM',
  );
}

/** `sample create` folder (win10-pro, captured without sysprep: SusClientId, MachineGuid, an answer file with a password). */
export function sampleFolder(dir: string, name: string): string {
  const folder = path.join(dir, name);
  const r = runCli(['sample', 'create', folder, '--os', 'win10-pro', '--state', 'captured-without-sysprep', '--format', 'folder']);
  assert.equal(r.status, 0, r.stderr);
  return folder;
}

export const SOFTWARE = 'Windows/System32/config/SOFTWARE';

/** The identities generalize (with machine-guid) removes, as UTF-16LE bytes the way the hive stores them. */
export function identities(folder: string): Buffer[] {
  const hive = path.join(folder, SOFTWARE);
  const sus = sh('hivexget', [hive, 'Microsoft\\Windows\\CurrentVersion\\WindowsUpdate', 'SusClientId']).trim();
  const guid = sh('hivexget', [hive, 'Microsoft\\Cryptography', 'MachineGuid']).trim();
  assert.ok(sus && guid);
  return [Buffer.from(sus, 'utf16le'), Buffer.from(guid, 'utf16le')];
}

/** The SOFTWARE hive of image `index`, through wimlib. */
export function softwareOf(wim: string, index = 1): Buffer {
  const r = spawnSync('wimlib-imagex', ['extract', wim, String(index), `/${SOFTWARE}`, '--to-stdout'], {maxBuffer: 64 * 1024 * 1024});
  if (r.status !== 0) throw new Error(`wimlib-imagex extract failed: ${r.stderr.toString()}`);
  return r.stdout;
}
