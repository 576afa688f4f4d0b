import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';
import {gzipSync} from 'node:zlib';

import {WinprepError} from '../../src/errors.js';
import {classifyHead, detectImageKind} from '../../src/image/detect.js';
import {openImage} from '../../src/image/index.js';
import {makeFolderImage, tarFolder, tempDir} from './helpers.js';

describe('image/detect', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('detect');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('tells WIM, gzip and tar by magic bytes', () => {
    assert.deepEqual(classifyHead(Buffer.from('MSWIM\0\0\0rest'), 'x'), {kind: 'wim', compression: 'none'});
    assert.deepEqual(classifyHead(gzipSync(Buffer.from('x')), 'x'), {kind: 'tar', compression: 'gzip'});
  });

  it('a folder is a folder image; a real tar is a tar', async () => {
    const folder = await makeFolderImage(path.join(dir, 'img'));
    assert.equal((await detectImageKind(folder)).kind, 'folder');
    const tar = tarFolder(folder, path.join(dir, 'img.tar'));
    assert.deepEqual(await detectImageKind(tar), {kind: 'tar', compression: 'none'});
  });

  it('anything else is exit 3 "not an image"; a missing path is exit 3 too', async () => {
    const junk = path.join(dir, 'junk.bin');
    await fs.writeFile(junk, Buffer.alloc(1024, 0x41));
    await assert.rejects(openImage(junk), (e: unknown) => e instanceof WinprepError && e.exitCode === 3 && /not an image/.test(e.message));
    await assert.rejects(openImage(path.join(dir, 'nope')), (e: unknown) => e instanceof WinprepError && e.exitCode === 3);
  });

  it('--index on a folder is a usage error', async () => {
    await assert.rejects(openImage(path.join(dir, 'img'), {index: 1}), (e: unknown) => e instanceof WinprepError && e.exitCode === 2);
  });
});
