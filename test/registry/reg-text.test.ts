import assert from 'node:assert/strict';

import {applyReg, decodeRegFile, encodeRegFile, exportReg, formatValue, Hive, mountPrefixFor, parseReg, RegType} from '../../src/registry/index.js';
import {requireTools, run} from '../helpers/tools.js';
import {hivexView, ourView, plain, tempFile} from './oracle.js';

const clock = () => new Date('2024-05-01T12:00:00Z');
const PREFIX = 'HKEY_LOCAL_MACHINE\\SOFTWARE';

const SAMPLE = [
  'Windows Registry Editor Version 5.00',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App]',
  '"Path"="C:\\\\Program Files\\\\App \\"quoted\\""',
  '@="the default"',
  '"Count"=dword:0000002a',
  '"Blob"=hex:01,02,ff',
  '"Expand"=hex(2):25,00,41,00,25,00,00,00',
  '"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00',
  '"Q"=hex(b):01,00,00,00,00,00,00,00',
  '"Long"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,\\',
  '  16,17',
  '',
  '; a comment',
  '[HKLM\\SOFTWARE\\Vendor\\Other]',
  '"Gone"=-',
  '',
].join('\r\n');

describe('registry: .reg text', function () {
  it('parses every value form, continuation lines and root abbreviations', function () {
    const doc = parseReg(SAMPLE, 'sample.reg');
    assert.equal(doc.sections.length, 2);
    const [app, other] = doc.sections;
    assert.equal(app.path, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App');
    assert.equal(other.path, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Other');
    const byName = new Map(app.entries.map((entry) => [entry.name, entry.value!]));
    assert.equal(byName.get('Path')!.data.toString('utf16le'), 'C:\\Program Files\\App "quoted"\0');
    assert.equal(byName.get('')!.type, RegType.SZ);
    assert.equal(byName.get('Count')!.data.readUInt32LE(0), 42);
    assert.deepEqual(byName.get('Blob'), {name: 'Blob', type: RegType.BINARY, data: Buffer.from([1, 2, 255])});
    assert.equal(byName.get('Expand')!.type, RegType.EXPAND_SZ);
    assert.equal(byName.get('Multi')!.type, RegType.MULTI_SZ);
    assert.equal(byName.get('Q')!.type, RegType.QWORD);
    assert.equal(byName.get('Long')!.data.length, 24);
    assert.deepEqual(other.entries, [{name: 'Gone', line: 16, value: undefined}]);
  });

  it('rejects malformed text with the file and line', function () {
    const bad = (text: string, pattern: RegExp) =>
      assert.throws(() => parseReg(text, 'x.reg'), (error: Error & {code?: string}) => {
        assert.match(error.message, /^x\.reg: /);
        assert.match(error.message, pattern);
        return true;
      });
    bad('hello', /line 1: not a registry file/);
    bad('REGEDIT4\r\n', /not a registry file/);
    bad('Windows Registry Editor Version 5.00\r\n"a"="b"', /line 2: a value before any \[key\]/);
    bad('Windows Registry Editor Version 5.00\r\n[HKLM\\X]\r\n"a"=hex:1g', /line 3: bad hex byte/);
    bad('Windows Registry Editor Version 5.00\r\n[HKLM\\X]\r\n"a"="b', /line 3: unterminated string/);
    bad('Windows Registry Editor Version 5.00\r\n[HKLM\\X]\r\n"a"="\\n"', /unsupported escape/);
    bad('Windows Registry Editor Version 5.00\r\n[HKLM\\X]\r\n"a"=dword:123456789', /cannot read the value data/);
  });

  it('wraps hex lines at 80 columns as regedit does', function () {
    const text = formatValue({name: 'Big', type: RegType.BINARY, data: Buffer.alloc(100, 0xab)});
    const lines = text.split('\r\n');
    assert.equal(lines[0], `"Big"=hex:${'ab,'.repeat(23)}\\`);
    assert.equal(lines[1], `  ${'ab,'.repeat(25)}\\`);
    assert.ok(lines.every((line) => line.length <= 80));
    assert.equal(lines[lines.length - 1].endsWith('ab'), true);
    assert.equal(formatValue({name: 'D', type: RegType.DWORD, data: Buffer.from([1, 0, 0, 0])}), '"D"=dword:00000001');
    assert.equal(formatValue({name: '', type: RegType.SZ, data: Buffer.from('a"\\b\0', 'utf16le')}), '@="a\\"\\\\b"');
    assert.equal(formatValue({name: 'Q', type: RegType.QWORD, data: Buffer.alloc(8)}), '"Q"=hex(b):00,00,00,00,00,00,00,00');
    assert.equal(formatValue({name: 'N', type: RegType.SZ, data: Buffer.from('no terminator', 'utf16le')}).startsWith('"N"=hex(1):'), true);
    assert.equal(formatValue({name: 'E', type: 0, data: Buffer.alloc(0)}), '"E"=hex(0):');
  });

  it('maps hive file names to their mount points', function () {
    assert.equal(mountPrefixFor('/img/Windows/System32/config/SYSTEM'), 'HKEY_LOCAL_MACHINE\\SYSTEM');
    assert.equal(mountPrefixFor('software'), 'HKEY_LOCAL_MACHINE\\SOFTWARE');
    assert.equal(mountPrefixFor('C:\\x\\SAM'), 'HKEY_LOCAL_MACHINE\\SAM');
    assert.equal(mountPrefixFor('SECURITY'), 'HKEY_LOCAL_MACHINE\\SECURITY');
    assert.equal(mountPrefixFor('NTUSER.DAT'), undefined);
  });

  it('applies .reg text through the mount prefix, and refuses keys outside it', function () {
    const hive = Hive.create({clock});
    const summary = applyReg(hive, parseReg(SAMPLE), {mountPrefix: PREFIX});
    assert.deepEqual(summary, {keysCreated: 2, keysDeleted: 0, valuesSet: 8, valuesDeleted: 0});
    assert.equal(hive.getValue('Vendor\\App', 'Count')!.data.readUInt32LE(0), 42);
    const again = applyReg(hive, parseReg(SAMPLE), {mountPrefix: PREFIX});
    assert.deepEqual(again, {keysCreated: 0, keysDeleted: 0, valuesSet: 0, valuesDeleted: 0});
    const removal = 'Windows Registry Editor Version 5.00\r\n\r\n[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App]\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Other\\a/b]\r\n';
    applyReg(hive, parseReg(removal), {mountPrefix: PREFIX});
    assert.equal(hive.key('Vendor\\App'), undefined);
    // A key name may contain '/': .reg paths split on '\' only.
    assert.deepEqual(hive.key('Vendor\\Other')!.subkeys().map((key) => key.name), ['a/b']);
    assert.throws(() => applyReg(hive, parseReg(SAMPLE), {mountPrefix: 'HKEY_LOCAL_MACHINE\\SYSTEM', file: 'in.reg'}), /in\.reg: line 3: key HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App is outside this hive/);
  });

  it('export → parse → apply into a new hive gives the same export', function () {
    const hive = Hive.create({clock});
    applyReg(hive, parseReg(SAMPLE), {mountPrefix: PREFIX});
    hive.setValue('Vendor\\Ünï™', {name: 'Name with "quotes" and \\', type: RegType.SZ, data: Buffer.from('välue ™\0', 'utf16le')});
    hive.setValue('Vendor', {name: 'Big', type: 0xffff0012, data: Buffer.alloc(20_000, 3)});
    const text = exportReg(hive, {mountPrefix: PREFIX});
    const copy = Hive.create({clock});
    applyReg(copy, parseReg(decodeRegFile(encodeRegFile(text))), {mountPrefix: PREFIX});
    assert.equal(exportReg(copy, {mountPrefix: PREFIX}), text);
    assert.ok(text.startsWith('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor]\r\n'));
    assert.match(exportReg(hive, {mountPrefix: PREFIX, keyPath: 'vendor\\app'}), /^Windows Registry Editor Version 5\.00\r\n\r\n\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App\]\r\n/);
  });

  it('hivexregedit --merge of our export rebuilds the same tree', function () {
    requireTools(this, 'hivexregedit');
    const hive = Hive.create({clock});
    applyReg(hive, parseReg(SAMPLE), {mountPrefix: PREFIX});
    const text = exportReg(hive, {mountPrefix: PREFIX});
    const regFile = tempFile('in.reg', Buffer.from(text, 'utf8'));
    const target = tempFile('SOFTWARE', Hive.create({clock}).serialize());
    const merged = run('hivexregedit', ['--merge', '--prefix', PREFIX, target, regFile]);
    assert.equal(merged.status, 0, merged.stderr);
    assert.deepEqual(plain(hivexView(target, PREFIX)), plain(ourView(hive, PREFIX)));
  });
});
