import assert from 'node:assert/strict';

import {Hive, RegType, type RegKey, type RegValue} from '../../src/registry/index.js';
import {requireTools, run} from '../helpers/tools.js';
import {hivexView, ourView, plain, reglookupRows, tempFile} from './oracle.js';

const clock = () => new Date('2024-05-01T12:00:00Z');
const sz = (name: string, text: string): RegValue => ({name, type: RegType.SZ, data: Buffer.from(`${text}\0`, 'utf16le')});
const dword = (name: string, n: number): RegValue => {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(n);
  return {name, type: RegType.DWORD, data};
};

/** One value of every type and data placement (inline, cell, big data). */
function everyType(): RegValue[] {
  const qword = Buffer.alloc(8);
  qword.writeBigUInt64LE(0x0123456789abcdefn);
  return [
    sz('', 'default value'),
    sz('Sz', 'hello world'),
    {name: 'Expand', type: RegType.EXPAND_SZ, data: Buffer.from('%SystemRoot%\\x\0', 'utf16le')},
    {name: 'Binary', type: RegType.BINARY, data: Buffer.from([1, 2, 3, 4, 5, 6, 7])},
    dword('Dword', 0xdeadbeef),
    {name: 'BigEndian', type: RegType.DWORD_BIG_ENDIAN, data: Buffer.from([0, 0, 1, 0])},
    {name: 'Link', type: RegType.LINK, data: Buffer.from('\\REGISTRY\\MACHINE\\x', 'utf16le')},
    {name: 'Multi', type: RegType.MULTI_SZ, data: Buffer.from('a\0bc\0\0', 'utf16le')},
    {name: 'Qword', type: RegType.QWORD, data: qword},
    {name: 'None', type: RegType.NONE, data: Buffer.alloc(0)},
    {name: 'Empty', type: RegType.SZ, data: Buffer.alloc(0)},
    {name: 'Devprop', type: 0xffff0012, data: Buffer.from([9, 9, 9])},
    {name: 'Big', type: RegType.BINARY, data: Buffer.alloc(40_000, 0xab)},
    {name: 'Exactly16344', type: RegType.BINARY, data: Buffer.alloc(16_344, 0x11)},
  ];
}

function buildSample(minor = 5): Hive {
  const hive = Hive.create({clock, minor});
  for (const value of everyType()) hive.setValue('Software\\Vendor', value);
  hive.setValue('Software\\Vendor\\Sub', dword('X', 1));
  for (let i = 0; i < 600; i++) hive.createKey(`Wide\\key${String(i).padStart(4, '0')}`);
  return hive;
}

describe('registry: Hive core', function () {
  it('reads back every value type it writes, after serialize and parse', function () {
    const hive = Hive.parse(buildSample().serialize());
    for (const expected of everyType()) {
      const got = hive.getValue('software/VENDOR', expected.name.toLowerCase());
      assert.ok(got, expected.name);
      assert.equal(got.type, expected.type >>> 0, expected.name);
      assert.deepEqual(got.data, expected.data, expected.name);
    }
    assert.equal(hive.key('Wide')!.subkeys().length, 600);
    assert.equal(hive.key('wide\\KEY0599')!.path, 'Wide\\key0599');
  });

  it('sorts subkeys in Windows order with non-ASCII names', function () {
    const hive = Hive.create({clock});
    for (const name of ['zeta', 'Être', 'été', 'alpha', '_under', 'Zulu', 'straße', 'weird™']) hive.createKey(`K\\${name}`);
    const names = hive.key('K')!.subkeys().map((key) => key.name);
    assert.deepEqual(names, ['alpha', 'straße', 'weird™', 'zeta', 'Zulu', '_under', 'été', 'Être']);
    assert.equal(hive.key('K\\ÉTÉ')!.name, 'été');
  });

  it('is a clean hive: equal sequence numbers bumped by one, valid checksum', function () {
    const bytes = buildSample().serialize();
    assert.equal(bytes.readUInt32LE(4), bytes.readUInt32LE(8));
    assert.equal(bytes.readUInt32LE(4), 2);
    assert.equal(bytes.readUInt32LE(508), Hive.checksumOf(bytes));
    assert.equal(bytes.readUInt32LE(40), bytes.length - 4096);
    const unchanged = Hive.parse(bytes);
    assert.equal(unchanged.modified, false);
    assert.deepEqual(unchanged.serialize(), bytes);
  });

  it('deletes values and keys, reusing the freed space', function () {
    const hive = buildSample();
    const before = hive.serialize().length;
    assert.equal(hive.deleteValue('Software\\Vendor', 'Big'), true);
    assert.equal(hive.deleteValue('Software\\Vendor', 'Big'), false);
    assert.equal(hive.deleteKey('Wide'), true);
    assert.equal(hive.deleteKey('Wide'), false);
    assert.equal(hive.key('Wide'), undefined);
    assert.equal(hive.getValue('Software\\Vendor', 'Big'), undefined);
    assert.equal(hive.getValue('Software\\Vendor', 'Sz')!.data.toString('utf16le'), 'hello world\0');
    for (let i = 0; i < 600; i++) hive.createKey(`Again\\key${i}`);
    hive.setValue('Software\\Vendor', {name: 'Big', type: RegType.BINARY, data: Buffer.alloc(40_000, 1)});
    // The freed space was reused: without reuse the hive would grow by ~100 KB; leaf splits under the new
    // ri index (half-full leaves with room to grow) may cost a bin or two.
    assert.ok(hive.serialize().length <= before + 8192, `grew from ${before} to ${hive.serialize().length}`);
  });

  it('refuses to write a dirty hive unless forced, and says how to proceed', function () {
    const bytes = buildSample().serialize();
    bytes.writeUInt32LE(bytes.readUInt32LE(4) + 1, 4);
    const hive = Hive.parse(bytes, {file: 'SYSTEM'});
    assert.equal(hive.dirty, true);
    assert.match(hive.dirtyReason!, /sequence numbers differ/);
    assert.equal(hive.getValue('Software\\Vendor', 'Dword')!.data.readUInt32LE(0), 0xdeadbeef);
    assert.throws(() => hive.setValue('A', dword('B', 1)), (error: Error & {code?: string; hint?: string}) => {
      assert.equal(error.code, 'HIVE_DIRTY');
      assert.match(error.message, /^SYSTEM: /);
      assert.match(error.hint!, /--force-dirty/);
      return true;
    });
    const forced = Hive.parse(bytes, {forceDirty: true});
    forced.setValue('A', dword('B', 1));
    const saved = forced.serialize();
    assert.equal(saved.readUInt32LE(4), saved.readUInt32LE(8));
  });

  it('reports a hive with a newer transaction log as dirty', function () {
    const bytes = buildSample().serialize();
    const log = Buffer.from(bytes.subarray(0, 4096));
    log.writeUInt32LE(bytes.readUInt32LE(4) + 3, 4);
    log.writeUInt32LE(bytes.readUInt32LE(4) + 3, 8);
    log.writeUInt32LE(1, 28);
    assert.equal(Hive.parse(bytes, {logs: [log]}).dirty, true);
    const stale = Buffer.from(bytes.subarray(0, 4096));
    stale.writeUInt32LE(1, 28);
    assert.equal(Hive.parse(bytes, {logs: [stale]}).dirty, false);
  });

  it('stores big data per the version: db in 1.5, one cell in 1.3', function () {
    for (const minor of [3, 5]) {
      const hive = Hive.create({clock, minor});
      hive.setValue('K', {name: 'Big', type: 3, data: Buffer.alloc(50_000, 7)});
      const bytes = hive.serialize();
      const vkData = Hive.parse(bytes).getValue('K', 'Big')!.data;
      assert.equal(vkData.length, 50_000);
      const hasDb = bytes.includes(Buffer.from([0x64, 0x62, 4, 0]));
      assert.equal(hasDb, minor === 5, `minor ${minor}`);
    }
  });

  it('never modifies the buffer it parsed', function () {
    const bytes = buildSample().serialize();
    const copy = Buffer.from(bytes);
    const hive = Hive.parse(bytes);
    hive.setValue('New', dword('V', 5));
    hive.deleteKey('Wide');
    assert.deepEqual(bytes, copy);
  });
});

describe('registry: read back by hivex and reglookup', function () {
  it('hivexregedit --export sees exactly our tree (1.5 and 1.3)', function () {
    requireTools(this, 'hivexregedit', 'hivexget');
    for (const minor of [5, 3]) {
      const hive = buildSample(minor);
      hive.deleteKey('Wide\\key0007');
      hive.deleteValue('Software\\Vendor', 'Binary');
      const file = tempFile('TEST', hive.serialize());
      assert.deepEqual(plain(hivexView(file)), plain(ourView(Hive.parse(hive.serialize()))));
      assert.equal(run('hivexget', [file, 'Software\\Vendor', 'Sz']).stdout, 'hello world\n');
      assert.equal(run('hivexget', [file, 'Software\\Vendor', 'Dword']).stdout.trim(), String(0xdeadbeef | 0)); // hivexget prints DWORDs signed
    }
  });

  it('hivexget opens non-ASCII keys by name (hash and order right)', function () {
    requireTools(this, 'hivexget');
    const hive = Hive.create({clock});
    for (const name of ['été', 'Être', 'straße', 'weird™', 'Äpfel']) hive.setValue(`K\\${name}`, sz('N', name));
    const file = tempFile('TEST', hive.serialize());
    for (const name of ['été', 'Être', 'straße', 'weird™', 'Äpfel']) {
      assert.equal(run('hivexget', [file, `K\\${name}`, 'N']).stdout, `${name}\n`, name);
    }
  });

  it('reglookup lists the same keys and values, with no warnings', function () {
    requireTools(this, 'reglookup');
    const hive = buildSample();
    const file = tempFile('TEST', hive.serialize());
    const {rows, stderr, status} = reglookupRows(file);
    assert.equal(status, 0);
    // reglookup cannot print unknown types such as 0xFFFF0012 and says so; nothing else may appear.
    assert.equal(stderr.split('\n').filter((line) => line && !/Devprop.*quoting raw buffer/.test(line)).join('\n'), '');
    const expected: string[] = ['/,KEY'];
    const walk = (key: RegKey): void => {
      for (const value of key.values()) expected.push(`/${key.path.replaceAll('\\', '/')}/${value.name},${regTypeName(value.type)}`);
      for (const child of key.subkeys()) {
        expected.push(`/${child.path.replaceAll('\\', '/')},KEY`);
        walk(child);
      }
    };
    walk(hive.root());
    assert.deepEqual(rows, expected.sort());
  });
});

function regTypeName(type: number): string {
  const names = ['NONE', 'SZ', 'EXPAND_SZ', 'BINARY', 'DWORD', 'DWORD_BE', 'LINK', 'MULTI_SZ', 'RSRC_LIST', 'RSRC_DESC', 'RSRC_REQ_LIST', 'QWORD'];
  return names[type] ?? `0x${type.toString(16).toUpperCase().padStart(8, '0')}`;
}
