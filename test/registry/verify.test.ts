import assert from 'node:assert/strict';

import {Hive, verifyHive, type VerifyReport} from '../../src/registry/index.js';
import {requireTools, run} from '../helpers/tools.js';
import {nkOffset, smallHive, fixChecksum, clock} from './build.js';
import {tempFile} from './oracle.js';
import {readFileSync} from 'node:fs';

const NK_SUBKEY_COUNT = 20;
const NK_SUBKEY_LIST = 28;
const NK_PARENT = 16;
const NK_SECURITY = 44;
const NK_MAX_NAME = 52;

const checks = (report: VerifyReport): string[] => [...new Set(report.issues.filter((i) => i.severity === 'error').map((i) => i.check))].sort();

/** Serialize a small hive, mutate it, and return the error checks verify reports. */
function mutated(mutate: (bytes: Buffer, hive: Hive) => void): string[] {
  const hive = smallHive();
  const bytes = hive.serialize();
  mutate(bytes, Hive.parse(bytes));
  return checks(verifyHive(bytes, 'SYSTEM'));
}

const listOf = (bytes: Buffer, hive: Hive, keyPath: string): number => 4096 + bytes.readUInt32LE(nkOffset(hive, keyPath) + NK_SUBKEY_LIST) + 4;

describe('registry: verifyHive', function () {
  it('passes every hive the engine writes, with no warnings (1.3 and 1.5, after edits)', function () {
    for (const minor of [3, 5]) {
      const hive = smallHive(minor);
      for (let i = 0; i < 1100; i++) hive.createKey(`Many\\key${i}`);
      hive.deleteKey('Many\\key17');
      hive.deleteKey('Control\\Beta');
      hive.deleteValue('Control', 'Big');
      hive.setValue('Control', {name: 'Big2', type: 3, data: Buffer.alloc(70_000, 1)});
      const report = verifyHive(hive.serialize(), 'TEST');
      assert.deepEqual(report.issues, [], `minor ${minor}`);
      assert.equal(report.ok, true);
      assert.equal(report.keys, 1 + 1 + 2 + 1 + 20 + 1 + 1099 + 2 - 2);
    }
  });

  it('finds a wrong lh hash', function () {
    assert.deepEqual(mutated((b, h) => b.writeUInt32LE(b.readUInt32LE(listOf(b, h, 'Control') + 8) ^ 1, listOf(b, h, 'Control') + 8)), ['lh-hash']);
  });

  it('finds siblings out of order', function () {
    assert.deepEqual(
      mutated((b, h) => {
        const leaf = listOf(b, h, 'Control');
        const first = Buffer.from(b.subarray(leaf + 4, leaf + 12));
        b.copy(b, leaf + 4, leaf + 12, leaf + 20);
        first.copy(b, leaf + 12);
      }),
      ['order'],
    );
  });

  it('finds a wrong parent pointer, a low sk refcount, a wrong count and a small max field', function () {
    assert.deepEqual(mutated((b, h) => b.writeUInt32LE(0x20, nkOffset(h, 'Control\\Alpha') + NK_PARENT)), ['parent']);
    assert.deepEqual(
      mutated((b, h) => {
        const sk = 4096 + b.readUInt32LE(nkOffset(h, '') + NK_SECURITY) + 4;
        b.writeUInt32LE(b.readUInt32LE(sk + 12) - 1, sk + 12);
      }),
      ['sk-refcount'],
    );
    assert.deepEqual(mutated((b, h) => b.writeUInt32LE(4, nkOffset(h, 'Control') + NK_SUBKEY_COUNT)), ['subkey-count']);
    assert.deepEqual(mutated((b, h) => b.writeUInt16LE(2, nkOffset(h, 'Control') + NK_MAX_NAME)), ['max-name']);
  });

  it('finds a bad checksum, a dirty header and cells that do not tile a bin', function () {
    assert.deepEqual(mutated((b) => b.writeUInt32LE(b.readUInt32LE(508) ^ 0x10, 508)), ['checksum']);
    assert.deepEqual(
      mutated((b) => {
        b.writeUInt32LE(b.readUInt32LE(4) + 1, 4);
        fixChecksum(b);
      }),
      ['dirty'],
    );
    // Shrink a key's cell by 8: the bin's cells no longer add up.
    assert.ok(mutated((b, h) => b.writeInt32LE(b.readInt32LE(nkOffset(h, 'Wide\\k5') - 4) + 8, nkOffset(h, 'Wide\\k5') - 4)).includes('cell-tiling'));
    // A broken root cannot be verified at all: a typed bad-input error naming the file.
    assert.throws(() => mutated((b) => b.writeInt32LE(b.readInt32LE(4096 + 0x20) + 8, 4096 + 0x20)), /^WinprepError: SYSTEM: corrupt registry hive: key node at 0x20/);
  });

  it('finds a value over 16344 bytes stored without db, as hivex writes it', function () {
    requireTools(this, 'hivexregedit');
    const file = tempFile('SOFTWARE', Hive.create({clock}).serialize());
    const reg = tempFile('big.reg', Buffer.from(`Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\K]\r\n"Big"=hex:${Array(20_000).fill('01').join(',')}\r\n`));
    const merged = run('hivexregedit', ['--merge', '--prefix', 'HKEY_LOCAL_MACHINE\\SOFTWARE', file, reg]);
    assert.equal(merged.status, 0, merged.stderr);
    assert.deepEqual(checks(verifyHive(readFileSync(file))), ['big-data']);
    // Our reader still reads it (as hivex and reglookup do) ...
    const hive = Hive.parse(readFileSync(file));
    assert.equal(hive.getValue('K', 'Big')!.data.length, 20_000);
    // ... and rewriting the value through our writer repairs it.
    hive.setValue('K', {name: 'Big', type: 3, data: Buffer.alloc(20_000, 2)});
    assert.deepEqual(verifyHive(hive.serialize()).issues.filter((i) => i.severity === 'error'), []);
  });

  it('reports errors found below a corrupt key and keeps going', function () {
    const report = verifyHive(
      (() => {
        const hive = smallHive();
        const bytes = hive.serialize();
        const parsed = Hive.parse(bytes);
        bytes.writeUInt32LE(0x7ffffff8, nkOffset(parsed, 'Control\\Gamma') + 40); // value list far outside
        return bytes;
      })(),
    );
    assert.deepEqual(checks(report), ['reference']);
    assert.equal(report.keys, 1 + 1 + 3 + 1 + 20);
  });

  describe('lf hints of names beyond ASCII', function () {
    /** A 1.3 hive (lf leaves) with the keys of yarp's CompHive plus an ASCII one; returns bytes and hint offsets. */
    function lfHive(): {bytes: Buffer; hintAt: Map<string, number>} {
      const hive = Hive.create({clock, minor: 3});
      for (const name of ['\x9f', 'Ÿ', 'abc', 'éclair']) hive.createKey(name);
      const bytes = hive.serialize();
      const parsed = Hive.parse(bytes);
      const list = 4096 + bytes.readUInt32LE(4096 + 0x20 + 4 + NK_SUBKEY_LIST) + 4;
      assert.equal(bytes.toString('latin1', list, list + 2), 'lf');
      const hintAt = new Map<string, number>();
      for (let i = 0; i < bytes.readUInt16LE(list + 2); i++) {
        const cell = bytes.readUInt32LE(list + 4 + i * 8);
        const name = parsed.root().subkeys().find((k) => nkOffset(parsed, k.name) === 4096 + cell + 4)!.name;
        hintAt.set(name, list + 8 + i * 8);
      }
      return {bytes, hintAt};
    }

    it('writes only the leading ASCII characters as the hint, NUL from the first character above 0x7F', function () {
      const {bytes, hintAt} = lfHive();
      assert.equal(bytes.readUInt32LE(hintAt.get('abc')!), 0x00636261);
      assert.equal(bytes.readUInt32LE(hintAt.get('éclair')!), 0);
      assert.equal(bytes.readUInt32LE(hintAt.get('\x9f')!), 0);
      assert.deepEqual(verifyHive(bytes).issues, []);
    });

    it('accepts the hint Windows wrote for U+009F (0x81, in yarp\'s CompHive) and case-different ASCII hints; flags a wrong ASCII hint', function () {
      requireTools(this, 'hivexget', 'reglookup');
      const {bytes, hintAt} = lfHive();
      bytes.writeUInt32LE(0x81, hintAt.get('\x9f')!);
      bytes.writeUInt32LE(0x00434241, hintAt.get('abc')!); // "ABC": Windows compares hints upcased
      bytes.writeUInt32LE(0x6c6300e9, hintAt.get('éclair')!); // é as Latin-1, then "cl"
      assert.deepEqual(verifyHive(bytes).issues, []);
      // The independent readers read the same hive cleanly.
      const file = tempFile('HINTS', bytes);
      assert.equal(run('hivexget', [file, '\\abc']).status, 0);
      assert.equal(run('reglookup', ['-H', '-t', 'KEY', file]).stdout.split('\n').filter(Boolean).length, 5);
      bytes.writeUInt32LE(0x00646261, hintAt.get('abc')!); // "abd": a lookup for "abc" goes astray
      const report = verifyHive(bytes);
      assert.deepEqual(checks(report), ['lf-hint']);
      assert.match(report.issues[0].message, /subkey "abc" has a wrong lf hint \(character 3 is 0x64/);
    });
  });
});

