/** Single-value codecs, their report and .reg forms, and where a hive of an image is mounted. */
import assert from 'node:assert/strict';

import fc from 'fast-check';

import {
  decodeDword,
  decodeMultiSz,
  decodeSz,
  decodeValue,
  describeValue,
  dwordValue,
  mountPrefixFor,
  mountPrefixForHive,
  multiSzValue,
  parseReg,
  readDword,
  readString,
  regValueLine,
  RegType,
  type RegValue,
  sameValue,
  szValue,
} from '../../src/registry/index.js';

/** Text a REG_SZ can hold (no NUL, which ends it). */
const text = fc.string({unit: 'grapheme', maxLength: 40}).filter((s) => !s.includes('\0'));
const valueName = fc.string({maxLength: 20}).filter((s) => !/[\0\r\n]/.test(s));

describe('registry: single-value codecs', () => {
  it('encodes and reads REG_SZ and REG_DWORD, and refuses other types', () => {
    assert.deepEqual(szValue('A', 'héllo'), {name: 'A', type: RegType.SZ, data: Buffer.from('héllo\0', 'utf16le')});
    assert.equal(readString(szValue('A', 'héllo')), 'héllo');
    assert.equal(readString({name: 'E', type: RegType.EXPAND_SZ, data: Buffer.from('%SystemRoot%\0', 'utf16le')}), '%SystemRoot%');
    assert.equal(readString(dwordValue('B', 1)), undefined);
    assert.equal(readString(undefined), undefined);
    assert.deepEqual(dwordValue('B', 2).data, Buffer.from([2, 0, 0, 0]));
    assert.equal(readDword(dwordValue('B', 2)), 2);
    assert.equal(readDword(dwordValue('N', -1)), 0xffffffff);
    assert.equal(readDword({name: 'BE', type: RegType.DWORD_BIG_ENDIAN, data: Buffer.from([0, 0, 1, 0])}), 256);
    assert.equal(readDword({name: 'S', type: RegType.DWORD, data: Buffer.from([1, 0])}), undefined);
    assert.equal(readDword(szValue('A', 'x')), undefined);
    assert.equal(readDword(undefined), undefined);
  });

  it('reads strings up to the first NUL and lists without empty entries, as KMS and generalize both need', () => {
    assert.equal(decodeSz(Buffer.from('kms01\0junk\0', 'utf16le')), 'kms01');
    assert.equal(decodeSz(Buffer.from('no terminator', 'utf16le')), 'no terminator');
    assert.equal(decodeSz(Buffer.concat([Buffer.from('odd', 'utf16le'), Buffer.from([0x41])])), 'odd');
    assert.deepEqual(multiSzValue('L', ['a', 'b']).data, Buffer.from('a\0b\0\0', 'utf16le'));
    assert.deepEqual(decodeMultiSz(multiSzValue('L', ['a.example, 0, 100', 'b.example']).data), ['a.example, 0, 100', 'b.example']);
    assert.deepEqual(decodeMultiSz(Buffer.from('a\0\0b\0\0', 'utf16le')), ['a', 'b']);
    assert.equal(decodeDword(Buffer.from([1, 0, 0, 0, 9])), 1);
    assert.equal(decodeDword(Buffer.from([1, 0, 0])), undefined);
  });

  it('compares type and bytes, not names', () => {
    assert.ok(sameValue(szValue('A', 'x'), szValue('B', 'x')));
    assert.ok(!sameValue(szValue('A', 'x'), szValue('A', 'y')));
    assert.ok(!sameValue(szValue('A', '1'), {name: 'A', type: RegType.EXPAND_SZ, data: szValue('A', '1').data}));
    assert.ok(!sameValue(undefined, undefined));
    assert.ok(!sameValue(szValue('A', 'x'), undefined));
  });

  it('describes values for change reports', () => {
    assert.equal(describeValue(szValue('A', 'x')), 'x');
    assert.equal(describeValue(dwordValue('D', 10080)), '10080');
    assert.equal(describeValue({name: 'D', type: RegType.DWORD, data: Buffer.from([1, 2])}), '0102');
    assert.equal(describeValue({name: 'M', type: RegType.MULTI_SZ, data: Buffer.from('a\0b\0\0', 'utf16le')}), 'a; b');
    assert.equal(describeValue({name: 'Q', type: RegType.QWORD, data: Buffer.from([1, 0, 0, 0, 0, 0, 0, 1])}), '72057594037927937');
    assert.equal(describeValue({name: 'B', type: RegType.BINARY, data: Buffer.from([1, 2])}), '0102');
  });

  it('round-trips strings, lists and numbers (property)', () => {
    fc.assert(
      fc.property(text, fc.array(text.filter((s) => s !== ''), {maxLength: 5}), fc.integer({min: 0, max: 0xffffffff}), (s, lines, n) => {
        assert.equal(readString(szValue('s', s)), s);
        assert.equal(decodeSz(szValue('s', s).data), decodeValue(szValue('s', s)));
        assert.deepEqual(decodeMultiSz(multiSzValue('m', lines).data), lines);
        assert.deepEqual(decodeValue(multiSzValue('m', lines)), lines);
        assert.equal(readDword(dwordValue('d', n)), n);
        assert.equal(describeValue(dwordValue('d', n)), String(n));
      }),
      {numRuns: 200},
    );
  });
});

describe('registry: one value as .reg text', () => {
  it('writes regedit lines, and "name"=- for a deleted value', () => {
    assert.equal(regValueLine('CmdLine', szValue('CmdLine', 'oobe\\windeploy.exe')), '"CmdLine"="oobe\\\\windeploy.exe"');
    assert.equal(regValueLine('SetupType', dwordValue('SetupType', 2)), '"SetupType"=dword:00000002');
    assert.equal(regValueLine('D', {name: 'D', type: RegType.BINARY, data: Buffer.from([0, 1, 0xab])}), '"D"=hex:00,01,ab');
    assert.equal(regValueLine('M', {name: 'M', type: RegType.MULTI_SZ, data: Buffer.from('a\0\0', 'utf16le')}), '"M"=hex(7):61,00,00,00,00,00');
    assert.equal(regValueLine('Gone', undefined), '"Gone"=-');
    assert.equal(regValueLine('Say "hi"', undefined), '"Say \\"hi\\""=-');
    assert.equal(regValueLine('', szValue('', 'x')), '@="x"');
    assert.equal(regValueLine('', undefined), '@=-');
    // The line names the value as asked, whatever name the value object carries.
    assert.equal(regValueLine('New', szValue('Old', 'x')), '"New"="x"');
  });

  it('wraps long hex data at 80 columns as regedit does', () => {
    const lines = regValueLine('Blob', {name: 'Blob', type: RegType.BINARY, data: Buffer.alloc(60, 0xab)}).split('\r\n');
    assert.ok(lines.length > 1);
    assert.ok(lines.every((line) => line.length <= 80));
    assert.ok(lines.slice(0, -1).every((line) => line.endsWith('\\')));
  });

  it('reads back through parseReg as the same value or deletion (property)', () => {
    const value = fc.oneof(
      fc.tuple(valueName, text).map(([name, s]): RegValue => szValue(name, s)),
      fc.tuple(valueName, fc.integer({min: 0, max: 0xffffffff})).map(([name, n]): RegValue => dwordValue(name, n)),
      fc.tuple(valueName, fc.uint8Array({maxLength: 90})).map(([name, bytes]): RegValue => ({name, type: RegType.BINARY, data: Buffer.from(bytes)})),
    );
    fc.assert(
      fc.property(value, fc.boolean(), (v, deleted) => {
        const line = regValueLine(v.name, deleted ? undefined : v);
        const doc = parseReg(`Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\K]\r\n${line}\r\n`);
        const [entry] = doc.sections[0].entries;
        assert.equal(entry.name, v.name);
        if (deleted) assert.equal(entry.value, undefined);
        else assert.ok(sameValue(entry.value, v), line);
      }),
      {numRuns: 200},
    );
  });
});

describe('registry: where an image hive is mounted', () => {
  it('names machine hives as mountPrefixFor does, user hives and others as regedit shows them', () => {
    assert.equal(mountPrefixForHive('Windows/System32/config/SYSTEM'), 'HKEY_LOCAL_MACHINE\\SYSTEM');
    assert.equal(mountPrefixForHive('Windows/System32/config/software'), 'HKEY_LOCAL_MACHINE\\SOFTWARE');
    assert.equal(mountPrefixForHive('Windows/System32/config/COMPONENTS'), 'HKEY_LOCAL_MACHINE\\COMPONENTS');
    assert.equal(mountPrefixForHive('Windows/ServiceProfiles/NetworkService/NTUSER.DAT'), 'HKEY_USERS\\S-1-5-20');
    assert.equal(mountPrefixForHive('Windows\\ServiceProfiles\\NetworkService\\ntuser.dat'), 'HKEY_USERS\\S-1-5-20');
    assert.equal(mountPrefixForHive('Users/Default/NTUSER.DAT'), 'HKEY_CURRENT_USER');
    for (const hive of ['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY']) {
      assert.equal(mountPrefixForHive(`Windows/System32/config/${hive}`), mountPrefixFor(hive));
    }
    // `reg` commands still ask for --prefix where Windows has no fixed place for the file.
    assert.equal(mountPrefixFor('Users/Default/NTUSER.DAT'), undefined);
  });
});
