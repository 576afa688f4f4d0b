import assert from 'node:assert/strict';

import fc from 'fast-check';

import {GVLK_CATALOG} from '../../src/licensing/gvlk-catalog.js';
import {KEY_ALPHABET, displayKey, findGvlk, isGvlk, isProductKeyFormat, maskKey, normalizeKey} from '../../src/licensing/product-keys.js';

const PRO = 'W269N-WFGWX-YVC9B-4J6C9-T83GX';

describe('licensing/product-keys', () => {
  it('every catalog key is a well-formed 5×5 key of the key alphabet', () => {
    for (const row of GVLK_CATALOG) assert.ok(isProductKeyFormat(row.key), row.key);
  });

  it('normalizes case, typographic dashes, spaces and undashed keys', () => {
    assert.equal(normalizeKey('w269n-wfgwx-yvc9b-4j6c9-t83gx'), PRO);
    assert.equal(normalizeKey('W269N\u2013WFGWX\u2014YVC9B-4J6C9-T83GX'), PRO);
    assert.equal(normalizeKey(' W269NWFGWXYVC9B4J6C9T83GX '), PRO);
  });

  it('refuses wrong group counts, lengths and letters outside the alphabet', () => {
    for (const bad of ['W269N-WFGWX-YVC9B-4J6C9', 'W269N-WFGWX-YVC9B-4J6C9-T83GXX', 'W269N-WFGWX-YVC9B-4J6C9-T83G', 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', 'NNBCD-FGHJK-MPQRT-VWXY2-34678', '']) {
      assert.ok(!isProductKeyFormat(bad), bad);
    }
  });

  it('property: 25 alphabet characters in 5 groups always pass, any other character fails', () => {
    const group = fc.string({unit: fc.constantFrom(...KEY_ALPHABET), minLength: 5, maxLength: 5});
    fc.assert(fc.property(fc.array(group, {minLength: 5, maxLength: 5}), (groups) => isProductKeyFormat(groups.join('-'))));
    const foreign = fc.constantFrom(...'AEILOSUZ015');
    fc.assert(
      fc.property(fc.array(group, {minLength: 5, maxLength: 5}), fc.nat(24), foreign, (groups, at, c) => {
        const flat = groups.join('');
        const bad = flat.slice(0, at) + c + flat.slice(at + 1);
        return !isProductKeyFormat(bad);
      }),
    );
  });

  it('findGvlk returns the rows sharing a key, [] for unknown keys', () => {
    const rows = findGvlk(PRO.toLowerCase());
    assert.deepEqual(rows.map((r) => r.product).sort(), ['Windows 10', 'Windows 11']);
    assert.equal(findGvlk('M7XTQ-FN8P6-TTKYV-9D4CC-J462D').length, 3);
    assert.deepEqual(findGvlk('BCDFG-HJKMP-QRTVW-XY234-6789B'), []);
    assert.ok(isGvlk(PRO));
  });

  it('masks to the last 5 characters and never shows short secrets', () => {
    assert.equal(maskKey('BCDFG-HJKMP-QRTVW-XY234-6789B'), 'XXXXX-XXXXX-XXXXX-XXXXX-6789B');
    assert.equal(maskKey('abc'), 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX');
    assert.equal(displayKey(PRO.toLowerCase()), PRO);
    assert.equal(displayKey('BCDFG-HJKMP-QRTVW-XY234-6789B'), 'XXXXX-XXXXX-XXXXX-XXXXX-6789B');
  });

  it('property: a masked key never contains the first 20 characters of the secret', () => {
    const group = fc.string({unit: fc.constantFrom(...KEY_ALPHABET), minLength: 5, maxLength: 5});
    fc.assert(
      fc.property(fc.array(group, {minLength: 5, maxLength: 5}), (groups) => {
        const masked = displayKey(groups.join('-'));
        return masked.endsWith(groups[4]) && (isGvlk(groups.join('-')) || !masked.includes(groups.slice(0, 4).join('-')));
      }),
    );
  });
});
