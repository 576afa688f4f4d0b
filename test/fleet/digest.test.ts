import assert from 'node:assert/strict';

import fc from 'fast-check';

import {DigestTag, digestInto} from '../../src/fleet/digest.js';
import {DigestTable} from '../../src/fleet/digest-table.js';
import {LabelStore} from '../../src/fleet/label-store.js';

const digest = (value: string): string => {
  const out = new Uint32Array(4);
  const tag = digestInto(value, out);
  return `${tag}:${[...out].join(',')}`;
};
const tagOf = (value: string): number => digestInto(value, new Uint32Array(4));

/** Strings of every shape the digest encodes differently, and near misses of each. */
const hexChar = fc.constantFrom(...'0123456789abcdef');
const hex = (n: number): fc.Arbitrary<string> => fc.string({unit: hexChar, minLength: n, maxLength: n});
const guid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join('-'));
const decimal = fc.oneof(fc.nat(), fc.constantFrom(0, 4294967295, 4294967296), fc.nat().map((n) => `0${n}`));
const sid = fc.tuple(decimal, decimal, decimal).map(([a, b, c]) => `S-1-5-21-${a}-${b}-${c}`);
const anyText = fc.string({unit: fc.constantFrom('a', 'F', '0', '9', '-', 'S', '.', 'é', 'ÿ', 'Ā', '😀'), maxLength: 40});
const value = fc.oneof(guid, guid.map((g) => g.toUpperCase()), sid, hex(2), hex(28), hex(32), hex(34), anyText);

describe('fleet/digest', () => {
  it('property: two values have the same digest exactly when they are equal', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        assert.equal(digest(a) === digest(b), a === b, `${a} / ${b}`);
        assert.equal(digest(a), digest((' ' + a).slice(1)));
      }),
      {numRuns: 3000},
    );
  });

  it('encodes the normalized shapes exactly and hashes the rest', () => {
    assert.equal(tagOf('3c1b2a4d-0001-4123-8001-00000000abcd'), DigestTag.Guid);
    // Not the normalized spelling: a different value, so never the same key as the lower-case one.
    assert.notEqual(tagOf('3C1B2A4D-0001-4123-8001-00000000ABCD'), DigestTag.Guid);
    assert.equal(tagOf('S-1-5-21-1004-336-4294967295'), DigestTag.Sid);
    assert.equal(tagOf('S-1-5-21-1-2-3'), DigestTag.Sid);
    assert.equal(tagOf('S-1-5-21-4294967295-4294967295-4294967295'), DigestTag.Sid);
    assert.notEqual(tagOf('S-1-5-21-01-336-7'), DigestTag.Sid);
    assert.notEqual(tagOf('S-1-5-21-1-336-4294967296'), DigestTag.Sid);
    assert.equal(tagOf('000100012a3b4c5d001122334455'), DigestTag.Hex + 14);
    assert.equal(tagOf('PC-0042'), DigestTag.Short + 7);
    assert.equal(tagOf('A-VERY-LONG-HOSTNAME-0001'), DigestTag.Hashed);
    assert.equal(tagOf('ПК-01'), DigestTag.Hashed);
    // Names that differ only past the 16th character, or in a character above U+00FF, stay apart.
    assert.notEqual(digest('WORKSTATION-0000001'), digest('WORKSTATION-0000002'));
    assert.notEqual(digest('ПК-01'), digest('ПК-02'));
  });
});

describe('fleet/digest-table', () => {
  it('finds every value again among 20,000, numbered in insertion order, across growth', () => {
    const table = new DigestTable();
    const values = Array.from({length: 20_000}, (_, i) => (i % 2 === 0 ? `host-${i}.corp.example` : `PC${i}`));
    values.forEach((v, i) => {
      assert.equal(table.upsert(v, i * 3), i);
      assert.equal(table.added, true);
    });
    assert.equal(table.size, values.length);
    for (const [i, v] of values.entries()) {
      assert.equal(table.upsert(v, -5), i);
      assert.equal(table.added, false);
      assert.equal(table.payload(i), i * 3);
    }
    assert.equal(table.upsert('not-there', 7), values.length);
    assert.equal(table.added, true);
  });

  it('counts marked entries once', () => {
    const table = new DigestTable();
    for (let i = 0; i < 5000; i++) table.mark(table.upsert(`v${i % 1234}`, 0));
    assert.equal(table.size, 1234);
    assert.equal(table.markedCount, 1234);
  });
});

describe('fleet/label-store', () => {
  it('gives back each row label, latin1 or not, long or absent, and reuses room of a dropped row', () => {
    const store = new LabelStore();
    const labels: (string | undefined)[] = [];
    for (let i = 0; i < 9000; i++) {
      const label =
        i % 7 === 0 ? undefined : i % 11 === 0 ? `ПК-${i}` : i % 13 === 0 ? 'x'.repeat(300 + i) : i % 17 === 0 ? `pc\ud800${i}😀` : `pc${i}.corp.example`;
      store.set(i, label);
      labels.push(label);
    }
    store.set(9000, 'dropped-row-label');
    store.drop(9000);
    store.set(9000, 'ПК-dropped');
    store.drop(9000);
    store.set(9000, 'kept');
    labels.push('kept');
    for (const [row, label] of labels.entries()) assert.equal(store.get(row), label, `row ${row}`);
  });
});
