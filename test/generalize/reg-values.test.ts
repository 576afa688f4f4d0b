import assert from 'node:assert/strict';

import {RegType} from '../../src/registry/types.js';
import {decodeMultiSz, decodeSz, describeValue, dwordValue, mountPrefixForHive, multiSzValue, readDword, readString, regValueLine, szValue} from '../../src/generalize/reg-values.js';
import {regTextOf} from '../../src/generalize/reg-text.js';
import {maskSecrets, outcome} from '../../src/generalize/result.js';

describe('generalize registry value codecs and .reg text', () => {
  it('encodes and reads REG_SZ and REG_DWORD', () => {
    assert.equal(readString(szValue('A', 'héllo')), 'héllo');
    assert.equal(readDword(dwordValue('B', 2)), 2);
    assert.equal(readDword(szValue('A', 'x')), undefined);
  });

  it('writes regedit lines', () => {
    assert.equal(regValueLine('CmdLine', szValue('CmdLine', 'oobe\\windeploy.exe')), '"CmdLine"="oobe\\\\windeploy.exe"');
    assert.equal(regValueLine('SetupType', dwordValue('SetupType', 2)), '"SetupType"=dword:00000002');
    assert.equal(regValueLine('D', {name: 'D', type: RegType.BINARY, data: Buffer.from([0, 1, 0xab])}), '"D"=hex:00,01,ab');
    assert.equal(regValueLine('M', {name: 'M', type: RegType.MULTI_SZ, data: Buffer.from('a\0\0', 'utf16le')}), '"M"=hex(7):61,00,00,00,00,00');
    assert.equal(regValueLine('Gone', undefined), '"Gone"=-');
    assert.equal(regValueLine('', szValue('', 'x')), '@="x"');
    assert.equal(regValueLine('', undefined), '@=-');
  });

  it('wraps long hex data at 80 columns as regedit does (the registry engine formats the value)', () => {
    const lines = regValueLine('Blob', {name: 'Blob', type: RegType.BINARY, data: Buffer.alloc(60, 0xab)}).split('\r\n');
    assert.ok(lines.length > 1);
    assert.ok(lines.every((line) => line.length <= 80));
    assert.ok(lines.slice(0, -1).every((line) => line.endsWith('\\')));
  });

  it('reads strings up to the first NUL and lists without empty entries, as KMS and generalize both need', () => {
    assert.equal(decodeSz(Buffer.from('kms01\0junk\0', 'utf16le')), 'kms01');
    assert.equal(decodeSz(Buffer.from('no terminator', 'utf16le')), 'no terminator');
    assert.deepEqual(decodeMultiSz(multiSzValue('L', ['a.example, 0, 100', 'b.example']).data), ['a.example, 0, 100', 'b.example']);
    assert.equal(describeValue(multiSzValue('L', ['a', 'b'])), 'a; b');
  });

  it('mounts hives where regedit shows them', () => {
    assert.equal(mountPrefixForHive('Windows/System32/config/SYSTEM'), 'HKEY_LOCAL_MACHINE\\SYSTEM');
    assert.equal(mountPrefixForHive('Windows/ServiceProfiles/NetworkService/NTUSER.DAT'), 'HKEY_USERS\\S-1-5-20');
  });

  it('describes values for humans', () => {
    assert.equal(describeValue({name: 'M', type: RegType.MULTI_SZ, data: Buffer.from('a\0b\0\0', 'utf16le')}), 'a; b');
    assert.equal(describeValue({name: 'B', type: RegType.BINARY, data: Buffer.from([1, 2])}), '0102');
  });

  it('groups a change set under one header per key', () => {
    const text = regTextOf([
      {
        name: 'x',
        heading: 'x',
        evidence: 'domain.md §1',
        status: 'changed',
        notes: [],
        changes: [
          {kind: 'registry', hive: 'h', key: 'K', value: 'a', reg: '[HKEY_LOCAL_MACHINE\\S\\K]\n"a"=-'},
          {kind: 'registry', hive: 'h', key: 'L', value: 'c', reg: '[HKEY_LOCAL_MACHINE\\S\\L]\n"c"=-'},
          {kind: 'registry', hive: 'h', key: 'K', value: 'b', reg: '[HKEY_LOCAL_MACHINE\\S\\K]\n"b"=dword:00000000'},
          {kind: 'file', path: 'f', action: 'delete'},
        ],
      },
    ]);
    assert.equal(text, 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\S\\K]\n"a"=-\n"b"=dword:00000000\n\n[HKEY_LOCAL_MACHINE\\S\\L]\n"c"=-\n');
    assert.equal(regTextOf([]), '');
  });

  it('masks product keys in shown values, except published GVLKs', () => {
    assert.equal(maskSecrets('key ABCDE-FGHJK-MPQRT-VWXY2-34678 here'), 'key XXXXX-XXXXX-XXXXX-XXXXX-34678 here');
    assert.equal(maskSecrets('W269N-WFGWX-YVC9B-4J6C9-T83GX'), 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
    const result = outcome([{kind: 'answer-file', path: 'u.xml', pass: 'specialize', component: 'c', setting: 'ProductKey', before: 'ABCDE-FGHJK-MPQRT-VWXY2-34678'}, undefined]);
    assert.equal(result.status, 'changed');
    assert.equal(result.changes[0].kind === 'answer-file' && result.changes[0].before, 'XXXXX-XXXXX-XXXXX-XXXXX-34678');
    assert.equal(outcome([undefined]).status, 'unchanged');
  });
});
