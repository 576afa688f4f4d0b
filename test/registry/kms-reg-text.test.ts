import assert from 'node:assert/strict';

import fc from 'fast-check';

import {HKLM_SOFTWARE, deleteEdit, encodeRegFile, renderRegFile as renderEdits, setEdit, type RegEdit} from '../../src/registry/index.js';

const renderRegFile = (edits: RegEdit[]): string => renderEdits(edits, HKLM_SOFTWARE);
import {decodeMultiSz, dwordValue, multiSzValue, szValue} from '../../src/registry/index.js';

const SPP = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';

/** Read the bytes of a hex(7) value back from .reg text (joining continuation lines). */
function hexValue(text: string, name: string): Buffer {
  const joined = text.replace(/\\\r\n\s*/g, '');
  const line = joined.split('\r\n').find((l) => l.startsWith(`"${name}"=hex(7):`));
  assert.ok(line, `no hex(7) line for ${name}`);
  const hex = line.slice(line.indexOf(':') + 1);
  return Buffer.from(hex.split(',').map((b) => parseInt(b, 16)));
}

describe('kms .reg rendering', () => {
  it('renders strings, DWORDs, deletions and REG_MULTI_SZ exactly as regedit writes them', () => {
    const text = renderRegFile([
      setEdit(SPP, szValue('KeyManagementServiceName', 'kms01.corp.example')),
      setEdit(SPP, szValue('KeyManagementServicePort', '1700')),
      setEdit(SPP, dwordValue('VLRenewalInterval', 20160)),
      deleteEdit(SPP, 'KeyManagementServiceLookupDomain'),
      setEdit(SPP, multiSzValue('DnsDomainPublishList', ['a.example, 0, 100', 'b.example'])),
    ]);
    const lines = text.split('\r\n');
    assert.equal(lines[0], 'Windows Registry Editor Version 5.00');
    assert.equal(lines[1], '');
    assert.equal(lines[2], '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform]');
    assert.equal(lines[3], '"KeyManagementServiceName"="kms01.corp.example"');
    assert.equal(lines[4], '"KeyManagementServicePort"="1700"');
    assert.equal(lines[5], '"VLRenewalInterval"=dword:00004ec0');
    assert.equal(lines[6], '"KeyManagementServiceLookupDomain"=-');
    assert.ok(lines[7].startsWith('"DnsDomainPublishList"=hex(7):61,00,2e,00'));
    assert.ok(text.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    assert.deepEqual(decodeMultiSz(hexValue(text, 'DnsDomainPublishList')), ['a.example, 0, 100', 'b.example']);
  });

  it('escapes quotes and backslashes in strings', () => {
    const text = renderRegFile([setEdit('K', szValue('a"b', 'c:\\x "y"'))]);
    assert.match(text, /^"a\\"b"="c:\\\\x \\"y\\""\r$/m);
  });

  it('encodes .reg files as UTF-16LE with a byte-order mark', () => {
    const bytes = encodeRegFile('Windows Registry Editor Version 5.00\r\n');
    assert.deepEqual([...bytes.subarray(0, 4)], [0xff, 0xfe, 0x57, 0x00]);
  });

  it('any REG_MULTI_SZ list survives rendering, with lines no longer than 80 characters', () => {
    const line = fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 30}).filter((s) => !s.includes('\u0000'));
    fc.assert(
      fc.property(fc.array(line, {minLength: 1, maxLength: 6}), (list) => {
        const value = multiSzValue('DnsDomainPublishList', list);
        const text = renderRegFile([setEdit(SPP, value)]);
        assert.ok(text.split('\r\n').filter((l) => !l.startsWith('[')).every((l) => l.length <= 80));
        assert.ok(hexValue(text, 'DnsDomainPublishList').equals(value.data));
        assert.deepEqual(decodeMultiSz(value.data), list);
      }),
      {numRuns: 100},
    );
  });
});
