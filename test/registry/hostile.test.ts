import assert from 'node:assert/strict';
import fc from 'fast-check';

import {isWinprepError} from '../../src/errors.js';
import {exportReg, Hive, HiveKey, verifyHive} from '../../src/registry/index.js';
import {dword, nkOffset, smallHive} from './build.js';

const FILE = 'HOSTILE';
const NK_SUBKEY_COUNT = 20;
const NK_SUBKEY_LIST = 28;
const NK_VALUE_COUNT = 36;
const NK_VALUE_LIST = 40;
const NK_NAME_LENGTH = 72;

/** Read, export, verify and edit: anything may fail, but only with a bad-input error naming the file. */
function exercise(bytes: Buffer): 'ok' | string {
  try {
    const hive = Hive.parse(bytes, {file: FILE, forceDirty: true});
    exportReg(hive, {mountPrefix: 'HKEY_LOCAL_MACHINE\\X'});
    verifyHive(bytes, FILE);
    hive.setValue('Control\\Alpha', dword('New', 1));
    hive.createKey('Wide\\k10a');
    hive.deleteKey('Wide\\k3');
    hive.deleteValue('Control', 'Big');
    Hive.parse(hive.serialize());
    return 'ok';
  } catch (error) {
    if (!isWinprepError(error) || error.kind !== 'badInput') throw error;
    assert.match(error.message, new RegExp(`^${FILE}: `), error.message);
    assert.doesNotMatch(error.message, /\n/);
    return error.code;
  }
}

const base = (): Buffer => smallHive().serialize();

describe('registry: hostile input', function () {
  it('truncation anywhere gives HIVE_TRUNCATED, never a crash', function () {
    const bytes = base();
    const cuts = [0, 1, 3, 4, 511, 4095, 4096, 4097, 4096 + 31, 4096 + 32];
    for (let cut = 4608; cut < bytes.length; cut += 1536) cuts.push(cut);
    cuts.push(bytes.length - 1);
    for (const cut of cuts) assert.equal(exercise(bytes.subarray(0, cut)), 'HIVE_TRUNCATED', `cut at ${cut}`);
  });

  it('truncation with a header that matches (bins cut off) is caught at the dangling references', function () {
    const bytes = base();
    const codes = new Set<string>();
    for (let bins = 4096; bins < bytes.length - 4096; bins += 4096) {
      const cut = Buffer.from(bytes.subarray(0, 4096 + bins));
      cut.writeUInt32LE(bins, 40);
      cut.writeUInt32LE(Hive.checksumOf(cut), 508);
      codes.add(exercise(cut));
    }
    assert.deepEqual([...codes], ['HIVE_CORRUPT']);
  });

  it('random bit flips give a typed error or a readable hive, never a crash or hang', function () {
    const bytes = base();
    fc.assert(
      fc.property(fc.integer({min: 0, max: bytes.length * 8 - 1}), fc.integer({min: 1, max: 3}), (bit, count) => {
        const copy = Buffer.from(bytes);
        for (let i = 0; i < count; i++) {
          const at = (bit + i * 977) % (bytes.length * 8);
          copy[at >> 3] ^= 1 << (at & 7);
        }
        exercise(copy);
      }),
      {numRuns: 400},
    );
  });

  it('random byte overwrites in the bins area give a typed error or a readable hive', function () {
    const bytes = base();
    fc.assert(
      fc.property(fc.integer({min: 4096, max: bytes.length - 4}), fc.integer({min: 0, max: 0xffffffff}), (at, word) => {
        const copy = Buffer.from(bytes);
        copy.writeUInt32LE(word, at);
        exercise(copy);
      }),
      {numRuns: 400},
    );
  });

  it('cells pointing outside the file or into a bin header are bad input', function () {
    const hive = smallHive();
    for (const target of [0x7ffffff8, 0xfffffff8, 0x10, 0x21, hive.serialize().length]) {
      const bytes = hive.serialize();
      bytes.writeUInt32LE(target >>> 0, nkOffset(Hive.parse(bytes), 'Control') + NK_SUBKEY_LIST);
      assert.equal(exercise(bytes), 'HIVE_CORRUPT', `target 0x${target.toString(16)}`);
    }
  });

  it('a list holding its own key, or an ri holding itself, ends with HIVE_CORRUPT', function () {
    // Control's list gets an entry pointing back at Control: an infinite tree to a naive walker.
    const bytes = base();
    const hive = Hive.parse(bytes);
    const control = (hive.key('Control') as HiveKey).cell;
    const leaf = 4096 + bytes.readUInt32LE(nkOffset(hive, 'Control') + NK_SUBKEY_LIST) + 4;
    bytes.writeUInt32LE(control, leaf + 4);
    assert.throws(() => exportReg(Hive.parse(bytes, {file: FILE}), {mountPrefix: 'X'}), /HOSTILE: corrupt registry hive: key .* is reachable twice/);
    assert.ok(verifyHive(bytes).issues.some((issue) => issue.check === 'cycle'));
    // An ri whose entry is itself.
    const ri = Buffer.from(bytes);
    const listCell = ri.readUInt32LE(nkOffset(hive, 'Control') + NK_SUBKEY_LIST);
    ri.write('ri', 4096 + listCell + 4, 'latin1');
    ri.writeUInt16LE(1, 4096 + listCell + 6);
    ri.writeUInt32LE(listCell, 4096 + listCell + 8);
    assert.equal(exercise(ri), 'HIVE_CORRUPT');
  });

  it('absurd counts and lengths are bad input', function () {
    const hive = Hive.parse(base());
    const mutations: [string, number, (b: Buffer, at: number) => void][] = [
      ['value count', NK_VALUE_COUNT, (b, at) => b.writeUInt32LE(0xffffffff, at)],
      ['value list', NK_VALUE_LIST, (b, at) => b.writeUInt32LE(0xffffffff, at)],
      ['subkey count', NK_SUBKEY_COUNT, (b, at) => b.writeUInt32LE(0xffffffff, at)],
      ['name length', NK_NAME_LENGTH, (b, at) => b.writeUInt16LE(0xffff, at)],
    ];
    for (const [what, field, mutate] of mutations) {
      const bytes = base();
      mutate(bytes, nkOffset(hive, 'Control') + field);
      const code = exercise(bytes);
      // A wrong stable subkey count alone is readable (Windows repairs it); verify reports it.
      if (what === 'subkey count') assert.ok(code === 'ok' || code === 'HIVE_CORRUPT');
      else assert.equal(code, 'HIVE_CORRUPT', what);
    }
    const leafCount = base();
    const leaf = 4096 + leafCount.readUInt32LE(nkOffset(hive, 'Wide') + NK_SUBKEY_LIST) + 4;
    leafCount.writeUInt16LE(0xffff, leaf + 2);
    assert.equal(exercise(leafCount), 'HIVE_CORRUPT');
  });
});
