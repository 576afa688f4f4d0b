/** WIM specifics: choosing an image of a multi-image WIM, and wimlib's own view after a commit. */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {WinprepError} from '../../../src/errors.js';
import {listWimImages, openImage} from '../../../src/image/index.js';
import {RegType} from '../../../src/registry/types.js';
import {requireTools} from '../../helpers/tools.js';
import {makeFolderImage, sh, softwareHive, sz, tempDir, wimFolder} from '../helpers.js';

describe('image/wim', function () {
  let dir: string;
  let wim: string;
  before(async function () {
    requireTools(this, 'wimlib-imagex');
    dir = await tempDir('wim');
    const folder = await makeFolderImage(path.join(dir, 'pro'));
    wim = wimFolder(folder, path.join(dir, 'install.wim'), 'Windows 10 Pro');
    // A second edition in the same WIM, as install.wim files hold one image per edition.
    await fs.writeFile(path.join(folder, 'Windows/System32/config/SOFTWARE'), softwareHive('Enterprise'));
    sh('wimlib-imagex', ['append', folder, wim, 'Windows 10 Enterprise', '--compress=none']);
  });
  after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

  it('lists the images with index, name and edition (wimlib derives EDITIONID from our hives)', async () => {
    const images = await listWimImages(wim);
    assert.deepEqual(
      images.map((i) => [i.index, i.name, i.edition]),
      [
        [1, 'Windows 10 Pro', 'Professional'],
        [2, 'Windows 10 Enterprise', 'Enterprise'],
      ],
    );
  });

  it('a multi-image WIM without --index is a usage error listing the images', async () => {
    await assert.rejects(openImage(wim, {readOnly: true}), (e: unknown) => {
      assert.ok(e instanceof WinprepError && e.exitCode === 2);
      assert.match(e.message, /2 images.*1: Windows 10 Pro \(Professional\); 2: Windows 10 Enterprise \(Enterprise\)/);
      return true;
    });
    await assert.rejects(openImage(wim, {readOnly: true, index: 3}), (e: unknown) => e instanceof WinprepError && e.exitCode === 2);
  });

  it('--index picks the image; a commit changes only that image and keeps its XML in step', async () => {
    const image = await openImage(wim, {index: 2});
    assert.equal(image.index, 2);
    const software = (await image.hive('Windows/System32/config/SOFTWARE'))!;
    const cv = 'Microsoft\\Windows NT\\CurrentVersion';
    assert.equal(software.getValue(cv, 'EditionID')?.data.toString('utf16le'), 'Enterprise\0');
    software.setValue(cv, {name: 'EditionID', type: RegType.SZ, data: sz('EnterpriseN')});
    software.setValue(cv, {name: 'ProductName', type: RegType.SZ, data: sz('Windows 10 Enterprise N')});
    image.writeFile('Windows/Panther/unattend.xml', Buffer.from('<unattend index="2"/>'));
    await image.commit();

    // wimlib itself reads back the new file and the new properties.
    const extracted = sh('wimlib-imagex', ['extract', wim, '2', '/Windows/Panther/unattend.xml', '--to-stdout']);
    assert.equal(extracted, '<unattend index="2"/>');
    assert.equal(sh('wimlib-imagex', ['extract', wim, '1', '/Windows/Panther/unattend.xml', '--to-stdout']).includes('index="2"'), false);
    const info = sh('wimlib-imagex', ['info', wim, '2']);
    assert.match(info, /Edition ID:\s+EnterpriseN/);
    assert.match(info, /Product Name:\s+Windows 10 Enterprise N/);
    assert.match(sh('wimlib-imagex', ['info', wim, '1']), /Edition ID:\s+Professional/);
    sh('wimlib-imagex', ['verify', wim]);
  });
});
