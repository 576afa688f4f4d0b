import assert from 'node:assert/strict';

import {regTextOf} from '../../src/generalize/reg-text.js';
import {maskSecrets, outcome} from '../../src/generalize/result.js';

describe('generalize change sets: .reg text and masked secrets', () => {
  it('groups a change set under one header per key', () => {
    const text = regTextOf([
      {
        name: 'x',
        heading: 'x',
        evidence: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication',
        basis: {kind: 'documented', source: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication'},
        status: 'changed',
        notes: [],
        changes: [
          {kind: 'registry', hive: 'h', key: 'K', value: 'a', action: 'delete', changed: true, reg: '[HKEY_LOCAL_MACHINE\\S\\K]\n"a"=-'},
          {kind: 'registry', hive: 'h', key: 'L', value: 'c', action: 'delete', changed: true, reg: '[HKEY_LOCAL_MACHINE\\S\\L]\n"c"=-'},
          {kind: 'registry', hive: 'h', key: 'K', value: 'b', action: 'set', changed: true, reg: '[HKEY_LOCAL_MACHINE\\S\\K]\n"b"=dword:00000000'},
          {kind: 'file', path: 'f', action: 'delete'},
        ],
      },
    ]);
    assert.equal(text, 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\S\\K]\r\n"a"=-\r\n"b"=dword:00000000\r\n\r\n[HKEY_LOCAL_MACHINE\\S\\L]\r\n"c"=-\r\n');
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
