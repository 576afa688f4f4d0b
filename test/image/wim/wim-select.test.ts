/** Choosing one image of a WIM by number or by name (pickWimImage), as `--index` and a profile's image.index do. */
import assert from 'node:assert/strict';

import {WinprepError} from '../../../src/errors.js';
import {type WimImageInfo, pickWimImage} from '../../../src/image/wim/wim-info.js';

const IMAGES: WimImageInfo[] = [
  {index: 1, name: 'Windows 11 Pro', edition: 'Professional'},
  {index: 2, name: 'Windows 11 Enterprise', edition: 'Enterprise'},
  {index: 3, name: 'Windows 11 Education', edition: 'Education'},
];

/** The usage error (exit 2) pickWimImage throws, with its message. */
function usage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof WinprepError, String(error));
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  assert.fail('expected a usage error');
}

describe('image/wim pickWimImage', () => {
  it('takes a number as the 1-based index and a string as the image name', () => {
    assert.equal(pickWimImage('install.wim', IMAGES, 2).name, 'Windows 11 Enterprise');
    assert.equal(pickWimImage('install.wim', IMAGES, 'Windows 11 Education').index, 3);
  });

  it('a number is an index first, then the name of an image named with digits only', () => {
    const years: WimImageInfo[] = [{index: 1, name: '2019'}, {index: 2, name: '2'}];
    assert.equal(pickWimImage('x.wim', years, 2019).index, 1);
    assert.equal(pickWimImage('x.wim', years, 2).index, 2);
    assert.equal(pickWimImage('x.wim', years, 1).name, '2019');
  });

  it('matches a name ignoring case when no image has the exact spelling', () => {
    assert.equal(pickWimImage('install.wim', IMAGES, 'windows 11 PRO').index, 1);
  });

  it('prefers the exact spelling when two names differ only in case, and refuses a name two images share', () => {
    const cased: WimImageInfo[] = [{index: 1, name: 'Base'}, {index: 2, name: 'BASE'}, {index: 3, name: 'Twin'}, {index: 4, name: 'Twin'}];
    assert.equal(pickWimImage('x.wim', cased, 'BASE').index, 2);
    assert.match(usage(() => pickWimImage('x.wim', cased, 'base')), /2 images named "base" \(1, 2\); choose one by number/);
    assert.match(usage(() => pickWimImage('x.wim', cased, 'Twin')), /2 images named "Twin" \(3, 4\)/);
  });

  it('names the images and the closest name when nothing matches', () => {
    const message = usage(() => pickWimImage('install.wim', IMAGES, 'Windows 11 Enterprize'));
    assert.match(message, /^install\.wim has no image named "Windows 11 Enterprize" \(did you mean "Windows 11 Enterprise"\?\)/);
    assert.match(message, /1: Windows 11 Pro \(Professional\); 2: Windows 11 Enterprise \(Enterprise\); 3: Windows 11 Education \(Education\)/);
    assert.match(usage(() => pickWimImage('install.wim', IMAGES, 4)), /has no image 4; images: 1: Windows 11 Pro/);
  });

  it('never guesses: no choice is the only image, or a usage error naming both ways to choose', () => {
    assert.equal(pickWimImage('one.wim', [IMAGES[1]!], undefined).index, 2);
    const message = usage(() => pickWimImage('install.wim', IMAGES, undefined));
    assert.match(message, /holds 3 images; choose one with --index \(number or name\)/);
    assert.match(usage(() => pickWimImage('empty.wim', [], 1)), /holds no images/);
  });
});
