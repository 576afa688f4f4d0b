/**
 * No secret or old identity survives a write, anywhere in the container (issue 12 item 8): a WIM edit leaves
 * no byte of a replaced hive or a deleted answer file in the WIM and keeps its compression, other images and
 * integrity table; --backup keeps previous versions outside a folder image, usable to restore it; WP093 flags
 * winprep backup, temp and journal files found inside an image. Real files, real wimlib and hivex.
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools} from '../helpers/tools.js';
import {hashTree, sh, tempDir} from './helpers.js';

const SOFTWARE = 'Windows/System32/config/SOFTWARE';
const PASSWORD = 'Reference!2024';

async function sample(dir: string, name: string): Promise<string> {
  const folder = path.join(dir, name);
  const r = runCli(['sample', 'create', folder, '--os', 'win10-pro', '--state', 'captured-without-sysprep', '--format', 'folder']);
  assert.equal(r.status, 0, r.stderr);
  return folder;
}

const hivexget = (hive: string, key: string, value: string): string => sh('hivexget', [hive, key, value]).trim();

/** `info --header` fields that say how the WIM is stored (compression, chunk size, flags) and whether it has an integrity table. */
function storage(wim: string): {flags: string; chunk: string; integrity: boolean; images: string} {
  const header = sh('wimlib-imagex', ['info', wim, '--header']);
  const field = (name: string): string => new RegExp(`^${name}\\s*=\\s*(\\S+)`, 'm').exec(header)?.[1] ?? '';
  return {flags: field('Flags'), chunk: field('Chunk Size'), integrity: field('Integrity Size') !== '0', images: field('Image Count')};
}

/** The blob table as wimlib lists it: SHA-1 → stored bytes (offset, size in the file). */
function blobs(wim: string): Map<string, {offset: number; size: number}> {
  const out = new Map<string, {offset: number; size: number}>();
  for (const block of sh('wimlib-imagex', ['info', wim, '--blobs']).split(/\n\s*\n/)) {
    const hash = /^Hash\s*=\s*0x([0-9a-f]{40})/im.exec(block)?.[1];
    const offset = /^Offset in WIM\s*=\s*(\d+)/im.exec(block)?.[1];
    const size = /^Compressed size\s*=\s*(\d+)/im.exec(block)?.[1];
    if (hash && offset && size) out.set(hash.toLowerCase(), {offset: Number(offset), size: Number(size)});
  }
  return out;
}

const sha1Of = (wim: string, index: string, inner: string): string => {
  const line = sh('wimlib-imagex', ['dir', wim, index, '--path', inner, '--detailed']);
  return (/^Hash\s*=\s*0x([0-9a-f]{40})/im.exec(line)?.[1] ?? '').toLowerCase();
};

describe('no old identity or secret survives a write (WIM rebuild, backups outside, WP093)', function () {
  let dir: string;
  before(async function () {
    requireTools(this, 'wimlib-imagex', 'hivexget');
    dir = await tempDir('leftovers');
  });
  after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

  for (const compress of ['none', 'LZX']) {
    it(`generalize of a ${compress} WIM leaves no byte of the old hives or the deleted answer file; compression and verify kept`, async () => {
      const folder = await sample(dir, `w-${compress}`);
      const sus = hivexget(path.join(folder, SOFTWARE), 'Microsoft\\Windows\\CurrentVersion\\WindowsUpdate', 'SusClientId');
      const guid = hivexget(path.join(folder, SOFTWARE), 'Microsoft\\Cryptography', 'MachineGuid');
      assert.ok(sus && guid);
      assert.ok((await fs.readFile(path.join(folder, 'Windows/Panther/unattend.xml'), 'utf8')).includes(PASSWORD));
      const wim = path.join(dir, `w-${compress}.wim`);
      sh('wimlib-imagex', ['capture', folder, wim, 'W10', `--compress=${compress}`]);
      const before = storage(wim);
      const oldBlobs = blobs(wim);
      const original = await fs.readFile(wim);
      // The stored (possibly compressed) bytes of the files the run replaces or deletes.
      const gone = [SOFTWARE, 'Windows/System32/config/SYSTEM', 'Windows/Panther/unattend.xml'].map((inner) => {
        const blob = oldBlobs.get(sha1Of(wim, '1', `/${inner}`))!;
        assert.ok(blob, inner);
        return {inner, hash: sha1Of(wim, '1', `/${inner}`), bytes: original.subarray(blob.offset, blob.offset + blob.size)};
      });

      const r = runCli(['image', 'generalize', wim, '--operations', 'defaults,+machine-guid']);
      assert.equal(r.status, 0, r.stderr);

      const after = await fs.readFile(wim);
      for (const secret of [Buffer.from(sus, 'utf16le'), Buffer.from(guid, 'utf16le'), Buffer.from(PASSWORD)]) {
        assert.equal(after.includes(secret), false, `${secret.toString('latin1')} still in the WIM`);
      }
      const newBlobs = blobs(wim);
      for (const old of gone) {
        assert.equal(newBlobs.has(old.hash), false, `${old.inner}: the old blob is still in the blob table`);
        assert.equal(after.includes(old.bytes), false, `${old.inner}: the old stored bytes are still in the file`);
      }
      assert.equal(sh('wimlib-imagex', ['dir', wim, '1']).includes('/Windows/Panther/unattend.xml'), false);
      sh('wimlib-imagex', ['verify', wim]);
      assert.deepEqual(storage(wim), before);
      // Edited in place (issue 19): zeroed holes keep the size, but a rebuild keeps them under half the file.
      assert.ok(after.length <= 2 * original.length + 4096, `the WIM grew from ${original.length} to ${after.length}`);
    });
  }

  it('an LZX WIM with an integrity table, edited at --index 1, keeps image 2 byte-identical and a verifying integrity table', async () => {
    const folder = await sample(dir, 'two');
    const other = await sample(dir, 'two-b');
    await fs.writeFile(path.join(other, 'Windows/only-in-image-2.txt'), 'image 2');
    const wim = path.join(dir, 'two.wim');
    sh('wimlib-imagex', ['capture', folder, wim, 'First', '--compress=LZX', '--check']);
    sh('wimlib-imagex', ['append', other, wim, 'Second', '--check']);
    const before = storage(wim);
    assert.equal(before.integrity, true);
    sh('wimlib-imagex', ['apply', wim, '2', path.join(dir, 'two-before'), '--no-acls']);

    const r = runCli(['image', 'generalize', wim, '--index', '1']);
    assert.equal(r.status, 0, r.stderr);

    sh('wimlib-imagex', ['apply', wim, '2', path.join(dir, 'two-after'), '--no-acls']);
    assert.deepEqual(await hashTree(path.join(dir, 'two-after')), await hashTree(path.join(dir, 'two-before')));
    assert.deepEqual(storage(wim), before);
    sh('wimlib-imagex', ['verify', wim]);
    sh('wimlib-imagex', ['info', wim, '--check']);
    // Image 2 still holds the answer file image 1 lost: a blob other images use is kept.
    assert.ok(sh('wimlib-imagex', ['extract', wim, '2', '/Windows/Panther/unattend.xml', '--to-stdout']).includes(PASSWORD));
  });

  it('--backup on a folder leaves nothing new inside the tree; the backup beside it restores the image', async () => {
    const folder = await sample(dir, 'bk');
    const before = await hashTree(folder);
    const r = runCli(['image', 'generalize', folder, '--backup', '--json']);
    const out = parseJsonOutput<{backups: string[]}>(r);
    assert.equal(r.status, 0, r.stderr);
    const after = await hashTree(folder);
    assert.deepEqual(
      Object.keys(after).filter((name) => !(name in before)),
      [],
      'new files inside the image',
    );
    const backupRoot = `${folder}.winprep-backup`;
    assert.ok(out.result!.backups.length > 0);
    for (const backup of out.result!.backups) assert.ok(backup.startsWith(`${backupRoot}${path.sep}`), backup);
    const [set] = (await fs.readdir(backupRoot, {withFileTypes: true})).filter((d) => d.isDirectory());
    const list = await fs.readFile(path.join(backupRoot, `${set!.name}.txt`), 'utf8');
    assert.match(list, /deleted +Windows\/Panther\/unattend\.xml/);
    assert.match(list, /replaced Windows\/System32\/config\/SOFTWARE/);

    // Restore as the README says: copy the set back, remove what the run created.
    sh('cp', ['-a', `${path.join(backupRoot, set!.name)}/.`, `${folder}/`]);
    for (const line of list.split('\n')) if (line.startsWith('created ')) await fs.rm(path.join(folder, line.slice(8).trim()));
    assert.deepEqual(await hashTree(folder), before);
  });

  it('WP093 flags a planted backup, temp and journal file in a folder and in a WIM; a clean image passes', async () => {
    const folder = await sample(dir, 'planted');
    const clean = parseJsonOutput<{rules: {id: string; status: string; findings: {message: string}[]}[]}>(runCli(['image', 'validate', folder, '--json']));
    assert.equal(clean.result!.rules.find((rule) => rule.id === 'WP093')!.status, 'pass');

    await fs.writeFile(path.join(folder, 'Windows/Panther/unattend.xml.winprep-bak'), `<Password>${PASSWORD}</Password>`);
    await fs.writeFile(path.join(folder, 'Windows/System32/config/.SOFTWARE.0a1b2c3d4e.winprep-new'), 'hive copy');
    await fs.mkdir(path.join(folder, 'Windows/.winprep-journal'));
    await fs.writeFile(path.join(folder, 'Windows/.winprep-journal/journal.json'), '{}');
    const wim = path.join(dir, 'planted.wim');
    sh('wimlib-imagex', ['capture', folder, wim, 'W10', '--compress=none']);

    for (const image of [folder, wim]) {
      const v = parseJsonOutput<{rules: {id: string; status: string; findings: {message: string; severity: string}[]}[]}>(runCli(['image', 'validate', image, '--json']));
      const rule = v.result!.rules.find((x) => x.id === 'WP093')!;
      assert.equal(rule.status, 'fail', image);
      const messages = rule.findings.map((f) => f.message).join('\n');
      assert.match(messages, /unattend\.xml\.winprep-bak is a winprep backup/);
      assert.match(messages, /\.SOFTWARE\.0a1b2c3d4e\.winprep-new is a winprep temp/);
      assert.match(messages, /Windows\/\.winprep-journal is winprep's commit journal/);
      assert.equal(v.status, 4, `${image}: validate does not say not fit`);
    }
  });
});
