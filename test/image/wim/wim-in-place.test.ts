/**
 * In-place WIM edits (issue 19): generalize edits the WIM itself (same inode, no copy), and afterwards wimlib
 * verifies it, every byte outside the header, blob table, XML, integrity table and the blobs in use is zero
 * (as wimlib itself lists them), the old identities occur nowhere, other images stay byte-identical, an
 * integrity table stays right. Solid WIMs are rebuilt with a note; --compact rebuilds; image inspect shows
 * the reclaimable bytes; a truncated WIM is one line, exit 3, nothing written. Real wimlib, real hives.
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {openImage} from '../../../src/image/index.js';
import {readWimLayout} from '../../../src/image/wim/layout.js';
import {parseJsonOutput, runCli} from '../../helpers/cli.js';
import {requireTools} from '../../helpers/tools.js';
import {hashTree, sh, tempDir} from '../helpers.js';
import {assertCleanWim, identities, sampleFolder} from './wim-checks.js';

const GENERALIZE = ['image', 'generalize', '--operations', 'defaults,machine-guid', '--json'];

interface GeneralizeJson {
  committed: boolean;
  commitNotes?: string[];
}

describe('image/wim in place: edits cost what they change and leave nothing stale', function () {
  let dir: string;
  before(async function () {
    requireTools(this, 'wimlib-imagex', 'hivexget');
    dir = await tempDir('wim-in-place');
  });
  after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

  for (const compress of ['none', 'LZX']) {
    it(`generalize of a ${compress} WIM: edited in place, verify passes, every unused byte is zero, the old SusClientId and MachineGuid occur nowhere`, async () => {
      const folder = sampleFolder(dir, `s-${compress}`);
      const secrets = identities(folder);
      const wim = path.join(dir, `s-${compress}.wim`);
      sh('wimlib-imagex', ['capture', folder, wim, 'W10', `--compress=${compress}`]);
      const inode = (await fs.stat(wim)).ino;
      if (compress === 'none') for (const secret of secrets) assert.ok((await fs.readFile(wim)).includes(secret), 'the sample WIM holds the identities');

      const r = parseJsonOutput<GeneralizeJson>(runCli([...GENERALIZE, wim]));
      assert.equal(r.status, 0, JSON.stringify(r.error));
      assert.equal(r.result!.committed, true);
      assert.equal(r.result!.commitNotes, undefined, 'an in-place edit needs no note');
      assert.equal((await fs.stat(wim)).ino, inode, 'the WIM was replaced, not edited in place');

      await assertCleanWim(wim);
      const bytes = await fs.readFile(wim);
      for (const secret of secrets) assert.equal(bytes.includes(secret), false, `${secret.toString('utf16le')} still in the WIM`);
      assert.equal(sh('wimlib-imagex', ['dir', wim, '1']).includes('/Windows/Panther/unattend.xml'), false);

      // A second edit of the edited WIM stays clean too (holes of the first are already zero).
      const again = runCli([...GENERALIZE, wim, '--operations', 'computer-name', '--computer-name', 'REF-02']);
      assert.equal(again.status, 0, again.stderr);
      await assertCleanWim(wim);
    });
  }

  it('a two-image LZX WIM with an integrity table: --index 1 leaves image 2 byte-identical, the table kept and verifying', async () => {
    const first = sampleFolder(dir, 'two-a');
    const second = sampleFolder(dir, 'two-b');
    await fs.writeFile(path.join(second, 'Windows/only-in-image-2.txt'), 'image 2');
    const wim = path.join(dir, 'two.wim');
    sh('wimlib-imagex', ['capture', first, wim, 'First', '--compress=LZX', '--check']);
    sh('wimlib-imagex', ['append', second, wim, 'Second', '--check']);
    sh('wimlib-imagex', ['apply', wim, '2', path.join(dir, 'two-before'), '--no-acls']);

    const r = runCli([...GENERALIZE, wim, '--index', '1']);
    assert.equal(r.status, 0, r.stderr);

    sh('wimlib-imagex', ['apply', wim, '2', path.join(dir, 'two-after'), '--no-acls']);
    assert.deepEqual(await hashTree(path.join(dir, 'two-after')), await hashTree(path.join(dir, 'two-before')));
    assert.match(sh('wimlib-imagex', ['info', wim, '--header']), /^Integrity Size\s*=\s*[1-9]/m);
    sh('wimlib-imagex', ['info', wim, '--check']);
    await assertCleanWim(wim);
  });

  it('--backup keeps the WIM as it was before the edit beside it (<wim>.bak), outside any image', async () => {
    const folder = sampleFolder(dir, 'backup');
    const wim = path.join(dir, 'backup.wim');
    sh('wimlib-imagex', ['capture', folder, wim, 'W10', '--compress=LZX']);
    const original = await fs.readFile(wim);
    const r = parseJsonOutput<GeneralizeJson & {backups: string[]}>(runCli([...GENERALIZE, wim, '--backup']));
    assert.equal(r.status, 0, JSON.stringify(r.error));
    assert.deepEqual(r.result!.backups, [`${wim}.bak`]);
    assert.ok((await fs.readFile(`${wim}.bak`)).equals(original), 'the backup is not the WIM before the edit');
    await fs.rm(`${wim}.bak`);
    await assertCleanWim(wim);
  });

  it('image inspect shows the reclaimable bytes; --compact rebuilds the WIM so that none are left, and says so', async () => {
    const folder = sampleFolder(dir, 'compact');
    const wim = path.join(dir, 'compact.wim');
    sh('wimlib-imagex', ['capture', folder, wim, 'W10', '--compress=none']);
    // wimlib's own in-place update leaves the replaced blob and the old metadata behind.
    for (const text of ['first', 'second']) {
      await fs.writeFile(path.join(dir, 'note.txt'), `${text} note`);
      sh('sh', ['-c', `printf 'add ${path.join(dir, 'note.txt')} /Windows/note.txt\\n' | wimlib-imagex update ${wim} 1 >/dev/null`]);
    }
    const inspect = parseJsonOutput<{wimFile: {fileSize: number; reclaimableBytes: number}}>(runCli(['image', 'inspect', wim, '--json']));
    assert.equal(inspect.status, 0);
    assert.ok(inspect.result!.wimFile.reclaimableBytes > 0, 'a wimlib in-place update leaves reclaimable bytes');
    assert.match(runCli(['image', 'inspect', wim]).stdout, /reclaimable \d+ bytes/);

    const r = parseJsonOutput<GeneralizeJson>(runCli([...GENERALIZE, wim, '--compact']));
    assert.equal(r.status, 0, JSON.stringify(r.error));
    assert.match(r.result!.commitNotes!.join('\n'), /rebuilt \(--compact\)/);
    const after = parseJsonOutput<{wimFile: {reclaimableBytes: number}}>(runCli(['image', 'inspect', wim, '--json']));
    assert.equal(after.result!.wimFile.reclaimableBytes, 0);
    await assertCleanWim(wim);
  });

  it('bounded growth: when the zeroed holes pass half the file, the commit rebuilds the WIM and says so', async () => {
    const tree = path.join(dir, 'holes');
    await fs.mkdir(path.join(tree, 'Windows'), {recursive: true});
    await fs.writeFile(path.join(tree, 'Windows/big.bin'), Buffer.alloc(256 * 1024, 7));
    await fs.writeFile(path.join(tree, 'Windows/small.txt'), 'small');
    const wim = path.join(dir, 'holes.wim');
    sh('wimlib-imagex', ['capture', tree, wim, 'Holes', '--compress=none']);
    const image = await openImage(wim);
    image.writeFile('Windows/big.bin', Buffer.from('now small'));
    const report = await image.commit();
    assert.match((report.notes ?? []).join('\n'), /zeroed holes \(\d+ bytes\) passed half the file/);
    assert.equal((await readWimLayout(wim)).reclaimable, 0);
    assert.ok((await fs.stat(wim)).size < 64 * 1024, 'the rebuilt WIM still holds the old data');
    await assertCleanWim(wim);
  });

  it('a solid WIM is rebuilt as before, and the result says why the run took long', async () => {
    const folder = sampleFolder(dir, 'solid');
    const secrets = identities(folder);
    const wim = path.join(dir, 'solid.wim');
    sh('wimlib-imagex', ['capture', folder, wim, 'W10', '--solid']);
    const r = parseJsonOutput<GeneralizeJson>(runCli([...GENERALIZE, wim]));
    assert.equal(r.status, 0, JSON.stringify(r.error));
    assert.match(r.result!.commitNotes!.join('\n'), /rebuilt in full because it holds solid resources/);
    sh('wimlib-imagex', ['verify', wim]);
    const bytes = await fs.readFile(wim);
    for (const secret of secrets) assert.equal(bytes.includes(secret), false);
  });

  for (const fault of ['truncated', 'blob table past the end']) {
    it(`bad input (${fault}): one line, exit 3, nothing written`, async () => {
      const folder = sampleFolder(dir, `bad-${fault.length}`);
      const wim = path.join(dir, `bad-${fault.length}.wim`);
      sh('wimlib-imagex', ['capture', folder, wim, 'W10', '--compress=none']);
      const good = await fs.readFile(wim);
      if (fault === 'truncated') {
        await fs.writeFile(wim, good.subarray(0, Math.floor(good.length / 2)));
      } else {
        const bad = Buffer.from(good);
        bad.writeBigUInt64LE(BigInt(good.length + 4096), 48 + 8);
        await fs.writeFile(wim, bad);
      }
      const before = await fs.readFile(wim);
      const listing = await fs.readdir(dir);
      for (const args of [[...GENERALIZE.filter((a) => a !== '--json'), wim], ['image', 'inspect', wim]]) {
        const r = runCli(args);
        assert.equal(r.status, 3, `${args.join(' ')}: ${r.stderr}`);
        const lines = r.stderr.split('\n').filter((line) => line.startsWith('winprep:'));
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0]!, new RegExp(`${path.basename(wim)}.*(truncated|past the end)`));
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack');
      }
      assert.ok((await fs.readFile(wim)).equals(before), 'the WIM was written');
      assert.deepEqual(await fs.readdir(dir), listing, 'something was written beside the WIM');
    });
  }
});
