/**
 * The archives people make: `tar czf ref.tar.gz ref` (one top-level folder), several volumes picked with
 * root, .tar.xz/.tar.zst/.tar.bz2 through the system's tools keeping their compression, a missing tool
 * (exit 6 naming the Debian package), and a split WIM refused before any work with how to join it.
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {WinprepError} from '../../../src/errors.js';
import {classifyHead} from '../../../src/image/detect.js';
import {openImage} from '../../../src/image/index.js';
import {requireTools} from '../../helpers/tools.js';
import {SAMPLE_FILES, makeFolderImage, sh, tempDir, wimFolder} from '../helpers.js';

const SYSTEM = 'Windows/System32/config/SYSTEM';
const NOTE = 'Windows/Setup/winprep-test.txt';

/** The members of an archive as tar lists them (any compression tar knows). */
const listing = (archive: string): string[] => sh('tar', ['-tf', archive]).split('\n').filter(Boolean);

async function rejects(work: Promise<unknown>, check: (error: WinprepError) => void): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof WinprepError, String(error));
    check(error);
    return true;
  });
}

describe('tar archives people make', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('archives');
    await makeFolderImage(path.join(dir, 'src', 'ref'));
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('finds the volume in the one top-level folder of a tar.gz and writes back under it', async function () {
    requireTools(this, 'tar');
    const archive = path.join(dir, 'top.tar.gz');
    sh('tar', ['-czf', archive, '-C', path.join(dir, 'src'), 'ref']);
    const image = await openImage(archive);
    try {
      assert.deepEqual(await image.readFile(SYSTEM), SAMPLE_FILES[SYSTEM]!());
      image.writeFile(NOTE, Buffer.from('hello'));
      await image.commit();
    } finally {
      await image.discard();
    }
    const members = listing(archive);
    assert.ok(members.includes(`ref/${NOTE}`), members.join('\n'));
    assert.ok(!members.some((member) => member.startsWith('Windows')), 'nothing lands beside the top-level folder');
    assert.equal(sh('tar', ['-xzOf', archive, `ref/${NOTE}`]), 'hello');
  });

  it('asks for root when an archive holds several volumes, and root picks one (any case)', async function () {
    requireTools(this, 'tar');
    await fs.cp(path.join(dir, 'src', 'ref'), path.join(dir, 'src', 'other'), {recursive: true});
    const archive = path.join(dir, 'two.tar');
    sh('tar', ['-cf', archive, '-C', path.join(dir, 'src'), 'ref', 'other']);
    await rejects(openImage(archive, {readOnly: true}), (error) => {
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /holds 2 Windows volumes \((ref, other|other, ref)\)/);
      assert.match(error.hint ?? '', /--root/);
    });
    await rejects(openImage(archive, {readOnly: true, root: 'nope'}), (error) => assert.match(error.message, /--root nope: no such folder/));
    const image = await openImage(archive, {root: 'OTHER'});
    try {
      image.writeFile(NOTE, Buffer.from('picked'));
      await image.commit();
    } finally {
      await image.discard();
    }
    assert.equal(sh('tar', ['-xOf', archive, `other/${NOTE}`]), 'picked');
    assert.ok(!listing(archive).includes(`ref/${NOTE}`));
    await rejects(openImage(path.join(dir, 'src', 'ref'), {readOnly: true, root: 'x'}), (error) => assert.equal(error.exitCode, 2));
  });

  for (const [compression, extension, tool, flag, test] of [
    ['xz', 'xz', 'xz', '-J', ['xz', '-t']],
    ['zstd', 'zst', 'zstd', '--zstd', ['zstd', '-tq']],
    ['bzip2', 'bz2', 'bzip2', '-j', ['bzip2', '-t']],
  ] as const) {
    it(`reads and rewrites a .tar.${extension} through ${tool}, keeping its compression`, async function () {
      requireTools(this, 'tar', tool);
      const archive = path.join(dir, `image.tar.${extension}`);
      sh('tar', ['-c', flag, '-f', archive, '-C', path.join(dir, 'src', 'ref'), '.']);
      const image = await openImage(archive);
      try {
        assert.equal(image.kind, 'tar');
        assert.deepEqual(await image.readFile(SYSTEM), SAMPLE_FILES[SYSTEM]!());
        // A file the opening pass did not spool: read by a second pass through the tool, stopped early.
        assert.deepEqual(await image.readFile('Users/Public/Documents/big.bin'), SAMPLE_FILES['Users/Public/Documents/big.bin']!());
        image.writeFile(NOTE, Buffer.from(compression));
        await image.commit();
      } finally {
        await image.discard();
      }
      sh(test[0], [test[1], archive]);
      assert.equal(sh('tar', ['-xOf', archive, `./${NOTE}`]), compression);
      const siblings = await fs.readdir(dir);
      assert.deepEqual(siblings.filter((name) => name.includes('winprep')), []);
    });
  }

  it('a missing codec tool is exit 6 naming its Debian package', async function () {
    requireTools(this, 'tar', 'xz');
    const archive = path.join(dir, 'missing.tar.xz');
    sh('tar', ['-cJf', archive, '-C', path.join(dir, 'src', 'ref'), '.']);
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, 'no-tools-here');
    try {
      await rejects(openImage(archive, {readOnly: true}), (error) => {
        assert.equal(error.exitCode, 6);
        assert.match(error.message, /xz is not installed/);
        assert.match(error.hint ?? '', /xz-utils/);
      });
    } finally {
      process.env.PATH = saved;
    }
  });

  it('corrupt compressed data is exit 3, not a hang or an internal error', async function () {
    requireTools(this, 'tar', 'zstd');
    const archive = path.join(dir, 'corrupt.tar.zst');
    sh('tar', ['--zstd', '-cf', archive, '-C', path.join(dir, 'src', 'ref'), '.']);
    const bytes = await fs.readFile(archive);
    await fs.writeFile(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await rejects(openImage(archive, {readOnly: true}), (error) => assert.equal(error.exitCode, 3));
  });
});

describe('split WIM', () => {
  it('is refused from its header, before any work, with how to join it', async function () {
    requireTools(this, 'wimlib-imagex');
    const dir = await tempDir('swm');
    try {
      const folder = await makeFolderImage(path.join(dir, 'ref'));
      await fs.writeFile(path.join(folder, 'filler.bin'), Buffer.alloc(3 * 1024 * 1024, 7).map((_, i) => (i * 2654435761) >>> 24));
      const wim = wimFolder(folder, path.join(dir, 'w.wim'));
      sh('wimlib-imagex', ['split', wim, path.join(dir, 's.swm'), '1']);
      const before = (await fs.readdir(dir)).sort();
      assert.ok(before.includes('s2.swm'), before.join(' '));
      for (const part of ['s.swm', 's2.swm']) {
        await rejects(openImage(path.join(dir, part)), (error) => {
          assert.equal(error.exitCode, 3);
          assert.equal(error.code, 'WIM_SPLIT');
          assert.match(error.hint ?? '', /wimlib-imagex join \S+s\.wim \S+s\*\.swm/);
        });
      }
      assert.deepEqual((await fs.readdir(dir)).sort(), before, 'no lock, temp copy or backup left');
    } finally {
      await fs.rm(dir, {recursive: true, force: true});
    }
  });

  it('a one-part WIM header is not a split WIM', () => {
    const head = Buffer.alloc(208);
    head.write('MSWIM\0\0\0', 0, 'latin1');
    head.writeUInt16LE(1, 0x28);
    head.writeUInt16LE(1, 0x2a);
    assert.equal(classifyHead(head, 'x.wim').kind, 'wim');
    head.writeUInt16LE(3, 0x2a);
    assert.throws(() => classifyHead(head, 'x.swm'), /part 1 of a split WIM of 3 parts/);
  });
});
