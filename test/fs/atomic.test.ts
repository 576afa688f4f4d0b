/**
 * Atomic file replacement (src/fs/atomic.ts) on real files in a temp folder: a reader sees the old file or the
 * new one whole, a failed write leaves the old file byte for byte and no temp sibling behind, and an archive's
 * backup is kept beside it, never inside it.
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {createParentFolders, replaceArchive, tempSibling, writeFileAtomic, writeFileSynced} from '../../src/fs/atomic.js';
import {seededRandom} from '../helpers/seeded-random.js';

function randomBuffer(next: () => number, maxLength: number): Buffer {
  const length = Math.floor(next() * (maxLength + 1));
  const buffer = Buffer.alloc(length);
  for (let i = 0; i < length; i++) buffer[i] = Math.floor(next() * 256);
  return buffer;
}

const modeOf = async (file: string): Promise<number> => (await fs.stat(file)).mode & 0o7777;

describe('fs/atomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-atomic-'));
  });
  afterEach(async () => {
    await fs.rm(dir, {recursive: true, force: true});
  });

  describe('tempSibling', () => {
    it('names a hidden file in the same folder: .<name>.<12 hex>.<tag>', () => {
      const target = path.join(dir, 'sub', 'install.wim');
      const temp = tempSibling(target);
      assert.equal(path.dirname(temp), path.dirname(target), 'same folder, so the rename stays on one filesystem');
      assert.match(path.basename(temp), /^\.install\.wim\.[0-9a-f]{12}\.tmp$/);
      assert.match(path.basename(tempSibling(target, 'partial')), /^\.install\.wim\.[0-9a-f]{12}\.partial$/);
    });

    it('never gives the same name twice for one target', () => {
      const target = path.join(dir, 'file');
      const names = new Set(Array.from({length: 2000}, () => tempSibling(target)));
      assert.equal(names.size, 2000);
    });
  });

  describe('writeFileAtomic', () => {
    it('creates a missing file with the given contents and mode, and leaves nothing else', async () => {
      const target = path.join(dir, 'new.bin');
      await writeFileAtomic(target, Buffer.from([0, 1, 2, 255]), {mode: 0o600});
      assert.deepEqual(await fs.readFile(target), Buffer.from([0, 1, 2, 255]));
      assert.equal(await modeOf(target), 0o600);
      assert.deepEqual(await fs.readdir(dir), ['new.bin']);
    });

    it('replaces an existing file whole, keeping its mode, with no temp sibling left', async () => {
      const target = path.join(dir, 'state.ini');
      await fs.writeFile(target, 'old contents that are longer than the new ones\n'.repeat(100));
      await fs.chmod(target, 0o600);
      await writeFileAtomic(target, 'new\n');
      assert.equal(await fs.readFile(target, 'utf8'), 'new\n', 'no tail of the longer old file is left');
      assert.equal(await modeOf(target), 0o600);
      assert.deepEqual(await fs.readdir(dir), ['state.ini']);
    });

    it('replaces the file rather than writing into it: a hard link to the old file still holds the old bytes', async () => {
      const target = path.join(dir, 'hive');
      const link = path.join(dir, 'hive.link');
      await fs.writeFile(target, 'old');
      await fs.link(target, link);
      await writeFileAtomic(target, 'new');
      assert.equal(await fs.readFile(target, 'utf8'), 'new');
      assert.equal(await fs.readFile(link, 'utf8'), 'old', 'a write in place would have changed the linked inode too');
    });

    it('a failure before the rename (a name too long for its temp sibling) leaves the old file byte-identical and no temp', async () => {
      // 240 characters is a valid name (limit 255), but the temp sibling adds 18 more: opening it fails.
      const target = path.join(dir, 'x'.repeat(240));
      const old = Buffer.from('the old file, unchanged\n');
      await fs.writeFile(target, old);
      await fs.chmod(target, 0o640);
      await assert.rejects(writeFileAtomic(target, 'new contents'), (error: NodeJS.ErrnoException) => error.code === 'ENAMETOOLONG');
      assert.deepEqual(await fs.readFile(target), old);
      assert.equal(await modeOf(target), 0o640);
      assert.deepEqual(await fs.readdir(dir), [path.basename(target)]);
    });

    it('a failure at the rename (the target is a folder) removes the temp it wrote and leaves the folder as it was', async () => {
      const target = path.join(dir, 'config');
      await fs.mkdir(target);
      await fs.writeFile(path.join(target, 'SYSTEM'), 'hive bytes');
      await assert.rejects(writeFileAtomic(target, 'new contents'), (error: NodeJS.ErrnoException) => ['EISDIR', 'ENOTEMPTY', 'EEXIST'].includes(error.code ?? ''));
      assert.deepEqual(await fs.readdir(dir), ['config'], 'the temp sibling is gone');
      assert.deepEqual(await fs.readdir(target), ['SYSTEM']);
      assert.equal(await fs.readFile(path.join(target, 'SYSTEM'), 'utf8'), 'hive bytes');
    });

    it('property: N random buffers written in sequence, the file always equals the last one', async () => {
      const seed = 0x5eed_a70c;
      const next = seededRandom(seed);
      const target = path.join(dir, 'image.bin');
      for (let i = 0; i < 60; i++) {
        // Sizes from empty to a few pages, so a shorter write after a longer one would show a stale tail.
        const data = randomBuffer(next, i % 10 === 0 ? 0 : 20_000);
        await writeFileAtomic(target, data);
        assert.deepEqual(await fs.readFile(target), data, `write ${i} (seed ${seed})`);
        assert.deepEqual(await fs.readdir(dir), ['image.bin'], `write ${i} (seed ${seed}): only the target`);
      }
    });

    it('property: concurrent writers leave exactly one of their buffers, whole', async () => {
      const next = seededRandom(42);
      const target = path.join(dir, 'contended.bin');
      const buffers = Array.from({length: 12}, (_, i) => Buffer.concat([Buffer.from(`writer ${i}:`), randomBuffer(next, 50_000)]));
      await Promise.all(buffers.map((data) => writeFileAtomic(target, data)));
      const final = await fs.readFile(target);
      assert.ok(buffers.some((data) => data.equals(final)), 'the file is one writer\'s buffer, not a mix');
      assert.deepEqual(await fs.readdir(dir), ['contended.bin']);
    });
  });

  describe('writeFileSynced', () => {
    it('refuses to overwrite an existing file', async () => {
      const file = path.join(dir, 'exists');
      await fs.writeFile(file, 'keep');
      await assert.rejects(writeFileSynced(file, 'lost'), (error: NodeJS.ErrnoException) => error.code === 'EEXIST');
      assert.equal(await fs.readFile(file, 'utf8'), 'keep');
    });
  });

  describe('createParentFolders', () => {
    it('creates every missing folder above the file, and not the file', async () => {
      const file = path.join(dir, 'a', 'b', 'c', 'out.wim');
      await createParentFolders(file);
      assert.ok((await fs.stat(path.join(dir, 'a', 'b', 'c'))).isDirectory());
      assert.equal(await fs.stat(file).catch(() => undefined), undefined);
      await createParentFolders(file); // existing folders are fine
    });

    for (const [what, parts] of [
      ['the parent', ['blocker', 'out.wim']],
      ['a grandparent', ['blocker', 'deeper', 'out.wim']],
    ] as const) {
      it(`refuses when ${what} is a file: one line of bad input naming the file (exit 3)`, async () => {
        await fs.writeFile(path.join(dir, 'blocker'), 'a file, not a folder');
        const file = path.join(dir, ...parts);
        await assert.rejects(createParentFolders(file), (error: unknown) => {
          assert.ok(error instanceof WinprepError);
          assert.equal(error.kind, 'badInput');
          assert.equal(error.exitCode, 3);
          assert.equal(error.code, 'PARENT_NOT_FOLDER');
          assert.equal(error.file, file);
          assert.ok(error.message.includes(file), error.message);
          assert.ok(!error.message.includes('\n'), 'one line');
          return true;
        });
        assert.equal(await fs.readFile(path.join(dir, 'blocker'), 'utf8'), 'a file, not a folder');
      });
    }
  });

  describe('replaceArchive', () => {
    async function archiveAndTemp(): Promise<{archive: string; temp: string}> {
      const archive = path.join(dir, 'image.wim');
      await fs.writeFile(archive, 'old archive');
      const temp = tempSibling(archive);
      await fs.writeFile(temp, 'new archive');
      return {archive, temp};
    }

    it('without backup: renames the temp over the archive and keeps nothing else', async () => {
      const {archive, temp} = await archiveAndTemp();
      assert.deepEqual(await replaceArchive(archive, temp, {backup: false}), []);
      assert.equal(await fs.readFile(archive, 'utf8'), 'new archive');
      assert.deepEqual(await fs.readdir(dir), ['image.wim']);
    });

    it('with backup: keeps the old archive as <archive>.bak beside it (a separate file, outside the image)', async () => {
      const {archive, temp} = await archiveAndTemp();
      const backups = await replaceArchive(archive, temp, {backup: true});
      assert.deepEqual(backups, [`${archive}.bak`]);
      assert.equal(path.dirname(backups[0]!), path.dirname(archive), 'beside the archive');
      assert.equal(await fs.readFile(archive, 'utf8'), 'new archive');
      assert.equal(await fs.readFile(backups[0]!, 'utf8'), 'old archive', 'the backup holds the old bytes after the rename');
      assert.deepEqual((await fs.readdir(dir)).sort(), ['image.wim', 'image.wim.bak']);
    });

    it('with backup: an older .bak is replaced by the archive as it was just before this commit', async () => {
      const {archive, temp} = await archiveAndTemp();
      await fs.writeFile(`${archive}.bak`, 'a much older archive');
      await replaceArchive(archive, temp, {backup: true});
      assert.equal(await fs.readFile(`${archive}.bak`, 'utf8'), 'old archive');
    });
  });
});
