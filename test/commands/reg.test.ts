import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {applyReg, Hive, HiveKey, parseReg, type VerifyReport} from '../../src/registry/index.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';
import {buildLog, dirtyPrimary} from '../registry/log-build.js';
import {tempFile} from '../registry/oracle.js';

const clock = () => new Date('2024-05-01T12:00:00Z');
const HEADER = 'Windows Registry Editor Version 5.00\r\n\r\n';

/** A folder with a SYSTEM hive built from .reg text. */
function fixture(): {dir: string; system: string} {
  const dir = mkdtempSync(path.join(tmpdir(), 'winprep-regcmd-'));
  const hive = Hive.create({clock});
  const spec = [
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]',
    '"Current"=dword:00000001',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ComputerName\\ComputerName]',
    '"ComputerName"="WKS-01"',
    '@="mnmsrvc"',
    '"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00',
  ].join('\r\n');
  applyReg(hive, parseReg(HEADER + spec), {mountPrefix: 'HKEY_LOCAL_MACHINE\\SYSTEM'});
  const system = path.join(dir, 'SYSTEM');
  writeFileSync(system, hive.serialize());
  return {dir, system};
}

describe('winprep reg', function () {
  let dir: string;
  let system: string;
  beforeEach(function () {
    ({dir, system} = fixture());
  });

  it('get prints one value as data, a key like reg query, and JSON with decoded values', function () {
    const one = runCli(['reg', 'get', system, 'controlset001/control/computername/computername', 'ComputerName']);
    assert.equal(one.status, 0, one.stderr);
    assert.equal(one.stdout, 'WKS-01\n');
    assert.equal(runCli(['reg', 'get', system, 'ControlSet001\\Control\\ComputerName\\ComputerName', 'Multi']).stdout, 'a\nb\n');
    const key = runCli(['reg', 'get', system, 'ControlSet001\\Control\\ComputerName\\ComputerName']);
    assert.equal(key.stdout, '\\ControlSet001\\Control\\ComputerName\\ComputerName\n    ComputerName    REG_SZ    WKS-01\n    (Default)    REG_SZ    mnmsrvc\n    Multi    REG_MULTI_SZ    a\\0b\n');
    const json = parseJsonOutput<{value: {type: number; value: number; data: string}}>(runCli(['reg', 'get', system, 'Select', 'Current', '--json']));
    assert.equal(json.status, 0);
    assert.deepEqual(json.result!.value, {name: 'Current', type: 4, typeName: 'REG_DWORD', size: 4, data: '01000000', value: 1});
  });

  it('get exits 3 with one line for a missing key or value, and for a file that is no hive', function () {
    const missing = runCli(['reg', 'get', system, 'Nope']);
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /^winprep: .*SYSTEM: key not found: Nope\n/);
    const value = parseJsonOutput(runCli(['reg', 'get', system, 'Select', 'Nope', '--json']));
    assert.equal(value.status, 3);
    assert.equal(value.error!.code, 'VALUE_NOT_FOUND');
    const junk = path.join(dir, 'junk');
    writeFileSync(junk, 'not a hive at all');
    const bad = runCli(['reg', 'get', junk, 'x']);
    assert.equal(bad.status, 3);
    assert.match(bad.stderr, /junk: not a valid registry hive: file is 17 bytes/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });

  it('export prints .reg text under the mount point, writes UTF-16LE with --out, needs --prefix for other names', function () {
    const text = runCli(['reg', 'export', system, 'Select']);
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.stdout, `${HEADER}[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"Current"=dword:00000001\r\n\r\n`);
    const out = path.join(dir, 'out.reg');
    assert.equal(runCli(['reg', 'export', system, '--out', out]).status, 0);
    const bytes = readFileSync(out);
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.match(bytes.toString('utf16le', 2), /\[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ComputerName\\ComputerName\]\r\n"ComputerName"="WKS-01"\r\n@="mnmsrvc"\r\n/);
    const other = path.join(dir, 'NTUSER.DAT');
    writeFileSync(other, readFileSync(system));
    const noPrefix = runCli(['reg', 'export', other]);
    assert.equal(noPrefix.status, 2);
    assert.match(noPrefix.stderr, /pass --prefix/);
    assert.match(runCli(['reg', 'export', other, 'Select', '--prefix', 'HKU\\S-1-5-20']).stdout, /\[HKEY_USERS\\S-1-5-20\\Select\]/);
  });

  it('import --dry-run shows the changes and writes nothing; import writes a clean hive that verifies', function () {
    const reg = path.join(dir, 'in.reg');
    writeFileSync(reg, `${HEADER}[HKEY_LOCAL_MACHINE\\SYSTEM\\Setup]\r\n"SystemSetupInProgress"=dword:00000000\r\n\r\n[-HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n`);
    const before = readFileSync(system);
    const dry = parseJsonOutput<{written: boolean; changes: {text: string}}>(runCli(['reg', 'import', system, reg, '--dry-run', '--json']));
    assert.equal(dry.status, 0);
    assert.equal(dry.result!.written, false);
    assert.equal(dry.result!.changes.text, `${HEADER}[HKEY_LOCAL_MACHINE\\SYSTEM\\Setup]\r\n"SystemSetupInProgress"=dword:00000000\r\n\r\n[-HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n\r\n`);
    assert.deepEqual(readFileSync(system), before);
    const real = runCli(['reg', 'import', system, reg]);
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, /1 keys created, 1 deleted, 1 values set/);
    assert.equal(runCli(['reg', 'get', system, 'Setup', 'SystemSetupInProgress']).stdout, '0\n');
    const verify = parseJsonOutput<VerifyReport>(runCli(['reg', 'verify', system, '--json']));
    assert.equal(verify.status, 0);
    assert.equal(verify.result!.ok, true);
    const diff = runCli(['reg', 'diff', path.join(fixture().system), system]);
    assert.match(diff.stdout, /\[-HKEY_LOCAL_MACHINE\\SYSTEM\\Select\]/);
  });

  it('import refuses a dirty hive with a hint, unless --force-dirty', function () {
    const bytes = readFileSync(system);
    bytes.writeUInt32LE(bytes.readUInt32LE(4) + 1, 4);
    writeFileSync(system, bytes);
    const reg = path.join(dir, 'in.reg');
    writeFileSync(reg, `${HEADER}[HKEY_LOCAL_MACHINE\\SYSTEM\\X]\r\n`);
    const refused = runCli(['reg', 'import', system, reg]);
    assert.equal(refused.status, 3);
    assert.match(refused.stderr, /the hive is dirty: its sequence numbers differ/);
    assert.match(refused.stderr, /hint: .*--force-dirty/);
    assert.equal(runCli(['reg', 'import', system, reg, '--force-dirty']).status, 0);
    assert.equal(runCli(['reg', 'verify', system]).status, 0);
  });

  it('verify exits 4 for a failed check and 3 for a truncated hive', function () {
    const bytes = readFileSync(system);
    const hive = Hive.parse(bytes);
    // Point ControlSet001\Control's parent field (nk offset 16) at the root instead of ControlSet001.
    const nested = (hive.key('ControlSet001\\Control') as HiveKey).cell;
    bytes.writeUInt32LE(0x20, 4096 + nested + 4 + 16);
    writeFileSync(system, bytes);
    const failed = runCli(['reg', 'verify', system]);
    assert.equal(failed.status, 4);
    assert.match(failed.stdout, /error: \[parent\] \\ControlSet001\\Control: parent pointer is 0x20/);
    writeFileSync(system, bytes.subarray(0, 6000));
    const truncated = runCli(['reg', 'verify', system, '--json']);
    assert.equal(truncated.status, 3);
    assert.equal(parseJsonOutput(truncated).error!.code, 'HIVE_TRUNCATED');
  });
});

describe('winprep reg: transaction logs, stored names and names .reg cannot carry', function () {
  /** A dirty SYSTEM whose .LOG1 (Windows 8.1+ format) holds 60 new keys and one changed value. */
  function dirtyFixture(): {dir: string; system: string; log: string; after: Buffer} {
    const {dir, system} = fixture();
    const before = readFileSync(system);
    const changed = Hive.parse(before, {clock});
    for (let i = 0; i < 60; i++) changed.createKey(`Logged\\k${i}`);
    changed.setValue('Select', {name: 'Current', type: 4, data: Buffer.from([2, 0, 0, 0])});
    const after = changed.serialize();
    writeFileSync(system, dirtyPrimary(before));
    const log = path.join(dir, 'SYSTEM.LOG1');
    writeFileSync(log, buildLog(before, after, before.readUInt32LE(8) + 1));
    return {dir, system, log, after};
  }

  it('import --replay-logs --json reports what the replay recovered apart from what the import changed', function () {
    const {dir, system} = dirtyFixture();
    const reg = path.join(dir, 'in.reg');
    writeFileSync(reg, `${HEADER}[HKEY_LOCAL_MACHINE\\SYSTEM\\Imported]\r\n"V"=dword:00000001\r\n`);
    type Diff = {same: boolean; keysAdded: number; keysChanged: number; valuesSet: number};
    const json = parseJsonOutput<{written: boolean; changes: Diff; replay: {needed: boolean; recovery: {format: string; applied: number; logs: string[]}; recovered: Diff}}>(
      runCli(['reg', 'import', system, reg, '--replay-logs', '--json']),
    );
    assert.equal(json.status, 0, JSON.stringify(json.error));
    const r = json.result!;
    assert.equal(r.written, true);
    assert.deepEqual([r.replay.needed, r.replay.recovery.format, r.replay.recovery.applied, r.replay.recovery.logs], [true, 'new', 2, ['SYSTEM.LOG1']]);
    // The replay recovered the 60 logged keys (one new subtree root) and the changed value ...
    assert.equal(r.replay.recovered.same, false);
    assert.equal(r.replay.recovered.keysAdded, 1);
    assert.equal(r.replay.recovered.valuesSet, 1);
    // ... while the import itself added one key with one value.
    assert.deepEqual([r.changes.same, r.changes.keysAdded, r.changes.valuesSet], [false, 1, 0]);
    assert.equal(runCli(['reg', 'get', system, 'Logged\\k59']).status, 0);
    assert.equal(runCli(['reg', 'verify', system]).status, 0);
    const human = runCli(['reg', 'import', system, reg, '--replay-logs']);
    assert.match(human.stdout, /is clean: no transaction-log replay was needed/);
  });

  it('import --replay-logs with unusable logs exits 3 naming each log and why, even when nothing would be written', function () {
    const {dir, system, log} = dirtyFixture();
    const bytes = readFileSync(log);
    bytes[100] ^= 1; // the log's base block checksum no longer matches
    writeFileSync(log, bytes);
    writeFileSync(path.join(dir, 'SYSTEM.LOG2'), Buffer.alloc(0));
    const reg = path.join(dir, 'noop.reg');
    writeFileSync(reg, `${HEADER}[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"Current"=dword:00000001\r\n`);
    const before = readFileSync(system);
    const refused = parseJsonOutput(runCli(['reg', 'import', system, reg, '--replay-logs', '--json']));
    assert.equal(refused.status, 3);
    assert.equal(refused.error!.code, 'HIVE_DIRTY');
    assert.match(refused.error!.message, /SYSTEM\.LOG1 is corrupt: its base block checksum is wrong/);
    assert.match(refused.error!.message, /SYSTEM\.LOG2 is empty/);
    assert.doesNotMatch(refused.error!.hint!, /--replay-logs/);
    assert.deepEqual(readFileSync(system), before);
  });

  it('get, export and diff --replay-logs show the recovered hive and leave every file untouched', function () {
    const {system, log, after} = dirtyFixture();
    const files = [system, log].map((file) => readFileSync(file));
    const plainGet = runCli(['reg', 'get', system, 'Select', 'Current']);
    assert.equal(plainGet.stdout, '1\n');
    assert.match(plainGet.stderr, /dirty .*--replay-logs shows what Windows would see/);
    const got = runCli(['reg', 'get', system, 'Select', 'Current', '--replay-logs']);
    assert.equal(got.stdout, '2\n');
    assert.match(got.stderr, /after replaying 2 log entries from SYSTEM\.LOG1, in memory only: the files are unchanged/);
    const expected = tempFile('SYSTEM', after);
    const exported = runCli(['reg', 'export', system, '--replay-logs']);
    assert.equal(exported.stdout, runCli(['reg', 'export', expected]).stdout);
    const diff = parseJsonOutput<{same: boolean}>(runCli(['reg', 'diff', system, expected, '--replay-logs', '--json']));
    assert.equal(diff.result!.same, true);
    assert.equal(parseJsonOutput<{same: boolean}>(runCli(['reg', 'diff', system, expected, '--json'])).result!.same, false);
    assert.deepEqual([system, log].map((file) => readFileSync(file)), files);
  });

  it('export finds the mount point in the name stored in the hive, and reports a corrupt file as corrupt first', function () {
    const dir = mkdtempSync(path.join(tmpdir(), 'winprep-regcmd-'));
    const hive = Hive.create({clock, fileName: '\\SystemRoot\\System32\\Config\\SOFTWARE'});
    hive.createKey('Microsoft');
    const copy = path.join(dir, 'software.bak');
    writeFileSync(copy, hive.serialize());
    const out = runCli(['reg', 'export', copy]);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\]/);
    const junk = path.join(dir, 'hive.bin');
    writeFileSync(junk, Buffer.alloc(8192));
    const bad = runCli(['reg', 'export', junk]);
    assert.equal(bad.status, 3);
    assert.match(bad.stderr, /not a valid registry hive: no "regf" signature/);
  });

  it('export leaves out a key whose name holds a line break, warns naming it, and the file imports back', function () {
    requireTools(this, 'hivexregedit');
    const dir = mkdtempSync(path.join(tmpdir(), 'winprep-regcmd-'));
    const hive = Hive.create({clock});
    hive.createKeyAt(['Top', 'line\r\nbreak', 'below']);
    hive.createKeyAt(['Top', 'nul\0and\x01ctl']);
    hive.setValueAt(['Top'], {name: 'ok', type: 4, data: Buffer.from([1, 0, 0, 0])});
    const software = path.join(dir, 'SOFTWARE');
    writeFileSync(software, hive.serialize());
    const out = path.join(dir, 'out.reg');
    const exported = parseJsonOutput<{skipped: {kind: string; path: string}[]}>(runCli(['reg', 'export', software, '--out', out, '--json']));
    assert.equal(exported.status, 0);
    assert.deepEqual(exported.result!.skipped.map((s) => s.path), ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Top\\line\r\nbreak']);
    assert.match(exported.warnings![0], /left out key "HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Top\\\\line\\r\\nbreak": its name holds a line break/);
    const target = path.join(dir, 'copy', 'SOFTWARE');
    mkdirSync(path.dirname(target));
    writeFileSync(target, Hive.create({clock}).serialize());
    const imported = runCli(['reg', 'import', target, out]);
    assert.equal(imported.status, 0, imported.stderr);
    // hivexregedit (which keeps NUL inside names) sees the NUL/control name and no line-break key.
    const view = run('hivexregedit', ['--export', '--prefix', 'HKEY_LOCAL_MACHINE\\SOFTWARE', target, '\\']).stdout;
    assert.ok(view.includes('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Top\\nul\0and\x01ctl]'));
    assert.ok(!view.includes('break'));
  });
});
