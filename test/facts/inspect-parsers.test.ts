import assert from 'node:assert/strict';

import fc from 'fast-check';

import {fakeKernel32, PE_MACHINE} from '../../fixtures/kernel32.js';
import {innerPathOf} from '../../src/facts/inspect/answer-files.js';
import {architectureFromPe} from '../../src/facts/inspect/architecture.js';
import {formatSid, machineSidFromSamV} from '../../src/facts/inspect/sid.js';
import {imageStateFromIni} from '../../src/facts/inspect/state-ini.js';
import {decodeMultiString, decodeString, valueAsNumber, valueAsString} from '../../src/facts/inspect/values.js';
import {RegType} from '../../src/registry/types.js';

const u32 = fc.integer({min: 0, max: 0xffffffff});

function sidBytes(subAuthorities: number[]): Buffer {
  const bytes = Buffer.alloc(8 + 4 * subAuthorities.length);
  bytes[0] = 1;
  bytes[1] = subAuthorities.length;
  bytes.writeUIntBE(5, 2, 6);
  subAuthorities.forEach((value, i) => bytes.writeUInt32LE(value, 8 + 4 * i));
  return bytes;
}

describe('image inspect parsers', () => {
  it('reads the machine SID from the last 24 bytes of any SAM V value', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 300}), u32, u32, u32, (prefix, a, b, c) => {
        const v = Buffer.concat([Buffer.from(prefix), sidBytes([21, a, b, c])]);
        assert.equal(machineSidFromSamV(v), `S-1-5-21-${a}-${b}-${c}`);
      }),
    );
  });

  it('never throws on arbitrary SID or V bytes, and rejects non-machine SIDs', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 80}), (bytes) => {
        const buffer = Buffer.from(bytes);
        formatSid(buffer);
        const sid = machineSidFromSamV(buffer);
        if (sid !== undefined) assert.match(sid, /^S-1-5-21-\d+-\d+-\d+$/);
      }),
    );
    assert.equal(machineSidFromSamV(sidBytes([32, 544, 0, 0])), undefined);
    assert.equal(formatSid(sidBytes([32, 544])), 'S-1-5-32-544');
  });

  it('reads the architecture from the PE machine field, and never throws on junk', () => {
    for (const [arch] of Object.entries(PE_MACHINE) as [keyof typeof PE_MACHINE, number][]) {
      assert.equal(architectureFromPe(fakeKernel32(arch)), arch);
    }
    assert.equal(architectureFromPe(undefined), 'unknown');
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 600}), (bytes) => {
        const arch = architectureFromPe(Buffer.from(bytes));
        assert.ok(['x86', 'amd64', 'arm64', 'ia64', 'unknown'].includes(arch));
      }),
    );
    const truncated = fakeKernel32('amd64').subarray(0, 0x84);
    assert.equal(architectureFromPe(truncated), 'unknown');
  });

  it('reads ImageState from State.ini in UTF-8 or UTF-16 with a BOM, only in [State]', () => {
    const state = fc.stringMatching(/^[A-Z_]{1,40}$/);
    fc.assert(
      fc.property(state, fc.boolean(), fc.constantFrom('\r\n', '\n'), (value, utf16, eol) => {
        const text = ['[Other]', 'ImageState="WRONG"', '[State]', `ImageState="${value}"`, ''].join(eol);
        const bytes = utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'utf8');
        assert.equal(imageStateFromIni(bytes), value);
      }),
    );
    assert.equal(imageStateFromIni(Buffer.from('[State]\r\n')), undefined);
  });

  it('maps SYSTEM\\Setup\\UnattendFile paths into the image', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_ .-]{1,12}$/).filter((s) => s !== '.' && s !== '..' && s.trim() === s);
    fc.assert(
      fc.property(fc.array(segment, {minLength: 1, maxLength: 5}), fc.constantFrom('C:\\', 'd:\\', '\\', '%SystemDrive%\\'), (parts, prefix) => {
        assert.equal(innerPathOf(prefix + parts.join('\\')), parts.join('/'));
      }),
    );
    assert.equal(innerPathOf('%WINDIR%\\Panther\\a.xml'), 'Windows/Panther/a.xml');
    assert.equal(innerPathOf('"%SystemRoot%\\x.xml"'), 'Windows/x.xml');
    assert.equal(innerPathOf('\\\\server\\share\\u.xml'), undefined);
    assert.equal(innerPathOf('C:\\..\\x.xml'), undefined);
    assert.equal(innerPathOf('%TEMP%\\x.xml'), undefined);
  });

  it('decodes registry strings, multi-strings and numbers as Windows stores them', () => {
    const text = fc.string({unit: 'binary-ascii', maxLength: 30}).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(fc.array(text.filter((s) => s.length > 0), {maxLength: 5}), (parts) => {
        const data = Buffer.from(`${parts.join('\0')}\0\0`, 'utf16le');
        assert.deepEqual(decodeMultiString(data), parts);
      }),
    );
    fc.assert(
      fc.property(text, (value) => {
        assert.equal(decodeString(Buffer.from(`${value}\0`, 'utf16le')), value);
        assert.equal(decodeString(Buffer.from(value, 'utf16le')), value);
      }),
    );
    const dword = Buffer.alloc(4);
    dword.writeUInt32LE(43200);
    assert.equal(valueAsNumber({name: 'x', type: RegType.DWORD, data: dword}), 43200);
    assert.equal(valueAsString({name: 'x', type: RegType.DWORD, data: dword}), '43200');
    assert.equal(valueAsNumber({name: 'x', type: RegType.SZ, data: Buffer.from('1688\0', 'utf16le')}), 1688);
    assert.equal(valueAsNumber({name: 'x', type: RegType.SZ, data: Buffer.from('kms\0', 'utf16le')}), undefined);
    assert.equal(valueAsNumber({name: 'x', type: RegType.DWORD, data: Buffer.alloc(2)}), undefined);
  });
});
