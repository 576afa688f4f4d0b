/** The same behaviour from every kind of image: folder, tar, tar.gz and WIM built from one folder. */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {type Image, listWimImages, openImage} from '../../src/image/index.js';
import {RegType} from '../../src/registry/types.js';
import {hasTool, requireTools} from '../helpers/tools.js';
import {SAMPLE_FILES, hashTree, makeFolderImage, sz, tarFolder, tempDir, wimFolder} from './helpers.js';

type Kind = 'folder' | 'tar' | 'tar.gz' | 'wim';
const KINDS: Kind[] = ['folder', 'tar', 'tar.gz', 'wim'];

async function build(dir: string, kind: Kind, name: string): Promise<string> {
  const folder = await makeFolderImage(path.join(dir, `${name}-src`));
  if (kind === 'folder') return folder;
  if (kind === 'wim') return wimFolder(folder, path.join(dir, `${name}.wim`));
  return tarFolder(folder, path.join(dir, `${name}.${kind}`), kind === 'tar.gz');
}

/** Everything about an image's state: a folder's file hashes or an archive's bytes. */
async function fingerprint(image: string): Promise<string> {
  const stat = await fs.stat(image);
  if (stat.isDirectory()) return JSON.stringify(await hashTree(image));
  return createHash('sha256').update(await fs.readFile(image)).digest('hex');
}

const decodeSz = (data: Buffer | undefined): string | undefined => data?.toString('utf16le').replace(/\0.*$/s, '');

describe('image kinds: folder, tar, tar.gz, WIM', function () {
  let dir: string;
  before(async () => {
    dir = await tempDir('kinds');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  for (const kind of KINDS) {
    describe(kind, () => {
      beforeEach(function () {
        if (kind === 'wim') requireTools(this, 'wimlib-imagex');
      });

      it('reads the same files, case-insensitively, keeping the image spelling', async () => {
        const image = await openImage(await build(dir, kind, `read-${kind}`), {readOnly: true});
        try {
          assert.equal(image.kind, kind === 'tar.gz' ? 'tar' : kind);
          assert.deepEqual(await image.listFiles(), Object.keys(SAMPLE_FILES).sort((a, b) => a.localeCompare(b)));
          for (const [inner, make] of Object.entries(SAMPLE_FILES)) {
            assert.deepEqual(await image.readFile(inner.toUpperCase()), make(), inner);
          }
          assert.deepEqual(await image.readdir('WINDOWS'), ['Panther', 'Setup', 'System32']);
          assert.deepEqual(await image.listFiles('windows\\panther'), ['Windows/Panther/unattend.xml']);
          assert.equal(await image.exists('windows/system32/CONFIG'), true);
          assert.equal(await image.exists('Windows/nothing.txt'), false);
          assert.equal(await image.readFile('Windows/nothing.txt'), undefined);
          assert.equal(await image.readFile('Windows'), undefined);
          const software = await image.hive('windows/system32/config/software');
          assert.equal(decodeSz(software?.getValue('Microsoft\\Windows NT\\CurrentVersion', 'EditionID')?.data), 'Professional');
          assert.equal(await image.hive('Windows/System32/config/NOPE'), undefined);
        } finally {
          await image.discard();
        }
      });

      it('stages writes, deletes and hive edits, and commits them all', async () => {
        const imagePath = await build(dir, kind, `commit-${kind}`);
        const image = await openImage(imagePath);
        const unattend = Buffer.from('<unattend changed="1"/>\n');
        image.writeFile('windows/panther/UNATTEND.XML', unattend);
        image.writeFile('Windows/NewDir/Sub/new.txt', Buffer.from('new file\n'));
        image.deleteFile('program files/common files/README.TXT');
        const software = (await image.hive('Windows/System32/config/SOFTWARE'))!;
        software.setValue('Microsoft\\Windows NT\\CurrentVersion', {name: 'EditionID', type: RegType.SZ, data: sz('Enterprise')});
        // The staged view answers before commit.
        assert.deepEqual(await image.readFile('Windows/Panther/unattend.xml'), unattend);
        assert.equal(await image.exists('Program Files/Common Files/readme.txt'), false);
        assert.deepEqual(await image.readdir('Windows'), ['NewDir', 'Panther', 'Setup', 'System32']);
        const changes = await image.changes();
        assert.deepEqual(
          changes.map((c) => `${c.action} ${c.path}`),
          [
            'write Windows/Panther/unattend.xml',
            'write Windows/NewDir/Sub/new.txt',
            'delete Program Files/Common Files/readme.txt',
            'write Windows/System32/config/SOFTWARE',
          ],
        );
        assert.ok(changes[0]!.before && !changes[1]!.before);
        const report = await image.commit();
        assert.equal(report.changed.length, 4);

        const again = await openImage(imagePath, {readOnly: true});
        try {
          assert.deepEqual(await again.readFile('Windows/Panther/unattend.xml'), unattend);
          assert.deepEqual(await again.readFile('windows/newdir/sub/NEW.TXT'), Buffer.from('new file\n'));
          assert.equal(await again.exists('Program Files/Common Files/readme.txt'), false);
          assert.deepEqual(await again.readFile('Users/Public/Documents/big.bin'), SAMPLE_FILES['Users/Public/Documents/big.bin']!());
          const edited = await again.hive('Windows/System32/config/SOFTWARE');
          assert.equal(decodeSz(edited?.getValue('Microsoft\\Windows NT\\CurrentVersion', 'EditionID')?.data), 'Enterprise');
          assert.ok((await again.listFiles('Windows/Panther')).includes('Windows/Panther/unattend.xml'), 'the image spelling is kept');
        } finally {
          await again.discard();
        }
        if (kind === 'wim') {
          const [info] = await listWimImages(imagePath);
          assert.equal(info!.edition, 'Enterprise', 'XML EDITIONID follows the registry');
        }
      });

      it('discard leaves the image untouched and releases the lock', async () => {
        const imagePath = await build(dir, kind, `discard-${kind}`);
        const before = await fingerprint(imagePath);
        const image = await openImage(imagePath);
        image.writeFile('Windows/Panther/unattend.xml', Buffer.from('x'));
        image.deleteFile('Windows/System32/kernel32.dll');
        await image.discard();
        assert.equal(await fingerprint(imagePath), before);
        const reopened = await openImage(imagePath);
        await reopened.discard();
      });

      it('--backup keeps the previous version', async () => {
        const imagePath = await build(dir, kind, `backup-${kind}`);
        const before = kind === 'folder' ? undefined : await fs.readFile(imagePath);
        const image = await openImage(imagePath, {backup: true});
        image.writeFile('Windows/Setup/State/State.ini', Buffer.from('[State]\r\nImageState=IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\r\n'));
        const report = await image.commit();
        assert.equal(report.backups.length, 1);
        if (kind === 'folder') {
          // Outside the tree, in the sibling folder named after the image.
          assert.ok(report.backups[0]!.startsWith(`${imagePath}.winprep-backup${path.sep}`), report.backups[0]);
          assert.deepEqual(await fs.readFile(report.backups[0]!), SAMPLE_FILES['Windows/Setup/State/State.ini']!());
        } else {
          assert.equal(report.backups[0], `${imagePath}.bak`);
          assert.deepEqual(await fs.readFile(report.backups[0]!), before);
        }
      });

      it('writing a file over a folder is exit 3 and changes nothing', async () => {
        const imagePath = await build(dir, kind, `over-${kind}`);
        const before = await fingerprint(imagePath);
        const image = await openImage(imagePath);
        image.writeFile('windows/PANTHER', Buffer.from('x'));
        await assert.rejects(image.commit(), (e: unknown) => e instanceof WinprepError && e.exitCode === 3);
        assert.equal(await fingerprint(imagePath), before);
      });

      it('read-only opens refuse commit', async () => {
        const image: Image = await openImage(await build(dir, kind, `ro-${kind}`), {readOnly: true});
        image.writeFile('a.txt', Buffer.from('a'));
        await assert.rejects(image.commit(), (e: unknown) => e instanceof WinprepError && e.exitCode === 2);
      });
    });
  }

  it('a WIM without wimlib-imagex on PATH is exit 6 naming wimtools', async function () {
    if (!hasTool('wimlib-imagex')) this.skip();
    const wim = await build(dir, 'wim', 'notool');
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, 'empty-bin');
    try {
      await assert.rejects(openImage(wim, {readOnly: true}), (e: unknown) => e instanceof WinprepError && e.exitCode === 6 && /wimtools/.test(e.hint ?? ''));
    } finally {
      process.env.PATH = saved;
    }
  });
});
