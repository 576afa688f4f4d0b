import assert from 'node:assert/strict';

import {applyReg, Hive, parseReg, verifyHive} from '../../src/registry/index.js';
import {requireTools} from '../helpers/tools.js';
import {clock, dword, sz} from './build.js';
import {hivexView, plain, tempFile} from './oracle.js';

const PREFIX = 'HKEY_LOCAL_MACHINE\\TEST';

/** A >1 MB hive: 40 services × 50 keys × 4 values, one key with 1,200 subkeys (an ri index), big values. */
function largeHive(): Hive {
  const hive = Hive.create({clock});
  for (let s = 0; s < 40; s++) {
    for (let k = 0; k < 50; k++) {
      const path = `ControlSet001\\Services\\Svc${s}\\Key${k}`;
      hive.setValue(path, sz('ImagePath', `C:\\Windows\\System32\\svc${s}_${k}.exe`));
      hive.setValue(path, dword('Start', (s + k) % 5));
      hive.setValue(path, {name: 'Blob', type: 3, data: Buffer.alloc(40 + ((s * k) % 300), s)});
      hive.setValue(path, {name: 'Multi', type: 7, data: Buffer.from(`a${k}\0b${s}\0\0`, 'utf16le')});
    }
  }
  for (let i = 0; i < 1200; i++) hive.createKey(`ControlSet001\\Enum\\Dev${String(i).padStart(4, '0')}`);
  hive.setValue('ControlSet001\\Control', {name: 'ProductPolicy', type: 3, data: Buffer.alloc(60_000, 0x5a)});
  return hive;
}

describe('registry: editing a large hive', function () {
  it('keeps every untouched key and value (full hivex export before and after)', function () {
    requireTools(this, 'hivexregedit');
    const hive = largeHive();
    const before = hive.serialize();
    assert.ok(before.length > 1_000_000, `hive is ${before.length} bytes`);
    const expected = hivexView(tempFile('TEST', before), PREFIX);

    const edit = [
      'Windows Registry Editor Version 5.00',
      '',
      `[${PREFIX}\\ControlSet001\\Services\\Svc7\\Key3]`,
      '"Start"=dword:00000004',
      '"ImagePath"=-',
      '"New"="added"',
      `[-${PREFIX}\\ControlSet001\\Services\\Svc9]`,
      `[${PREFIX}\\ControlSet001\\Enum\\Dev0600a]`,
      '"Big"=hex:' + Array(20_000).fill('7e').join(','),
      `[${PREFIX}\\ControlSet001\\Control]`,
      '"ProductPolicy"=hex:01,02',
    ].join('\r\n');
    const edited = Hive.parse(before);
    applyReg(edited, parseReg(edit), {mountPrefix: PREFIX});
    const after = edited.serialize();

    // The model: the same edits applied to the hivex view of the original.
    const svc = `${PREFIX}\\ControlSet001\\Services\\Svc7\\Key3`;
    expected.get(svc)!.set('Start', `4:${dword('', 4).data.toString('hex')}`);
    expected.get(svc)!.delete('ImagePath');
    expected.get(svc)!.set('New', `1:${Buffer.from('added\0', 'utf16le').toString('hex')}`);
    for (const key of [...expected.keys()]) if (key.startsWith(`${PREFIX}\\ControlSet001\\Services\\Svc9\\`) || key === `${PREFIX}\\ControlSet001\\Services\\Svc9`) expected.delete(key);
    expected.set(`${PREFIX}\\ControlSet001\\Enum\\Dev0600a`, new Map([['Big', `3:${'7e'.repeat(20_000)}`]]));
    expected.get(`${PREFIX}\\ControlSet001\\Control`)!.set('ProductPolicy', '3:0102');

    assert.deepEqual(plain(hivexView(tempFile('TEST', after), PREFIX)), plain(expected));
    assert.deepEqual(verifyHive(after).issues, []);
    // Freed space was reused: the edit did not grow the hive by more than the new 20 KB value's bin.
    assert.ok(after.length <= before.length + 24_576, `grew from ${before.length} to ${after.length}`);
  });
});
