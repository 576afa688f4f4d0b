/** The image layer's exit codes as a user sees them through the compiled CLI (build first). */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {openImage} from '../../src/image/index.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {makeFolderImage, sh, tempDir} from './helpers.js';

describe('image layer through the CLI', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('cli');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('a second run on a locked image exits 5 naming the holder', async () => {
    const folder = await makeFolderImage(path.join(dir, 'locked'));
    const holder = await openImage(folder);
    try {
      const result = runCli(['image', 'generalize', folder, '--json']);
      const doc = parseJsonOutput(result);
      assert.equal(result.status, 5, result.stdout + result.stderr);
      assert.equal(doc.error?.code, 'IMAGE_BUSY');
      assert.match(doc.error?.message ?? '', new RegExp(`pid ${process.pid} on `));
    } finally {
      await holder.discard();
    }
  });

  it('a hostile tar exits 3 and writes nothing outside', async () => {
    const archive = path.join(dir, 'hostile.tar');
    sh('python3', [
      '-c',
      `import tarfile,io,sys
z=tarfile.open(sys.argv[1],'w')
i=tarfile.TarInfo('Windows/l'); i.type=tarfile.SYMTYPE; i.linkname=sys.argv[2]; z.addfile(i)
i=tarfile.TarInfo('Windows/l/escape'); i.size=1; z.addfile(i, io.BytesIO(b'x'))
z.close()`,
      archive,
      dir,
    ]);
    const result = runCli(['image', 'inspect', archive]);
    assert.equal(result.status, 3, result.stderr);
    assert.match(result.stderr, /hostile tar entry/);
    assert.deepEqual((await fs.readdir(dir, {recursive: true})).filter((name) => /escape/.test(String(name))), []);
  });
});
