/** The one summary of the files a run staged (src/workflow/changes.ts): action words, sizes, never contents. */
import assert from 'node:assert/strict';

import {summarizeChanges, writeAction} from '../../src/workflow/changes.js';

describe('workflow/changes', () => {
  it('a write to a file that existed is a replace, to a new file a create, with the new size; a delete has no size', () => {
    const summary = summarizeChanges([
      {path: 'Windows/System32/config/SYSTEM', action: 'write', before: Buffer.alloc(8192), after: Buffer.alloc(16384)},
      {path: 'Windows/Setup/Scripts/SetupComplete.cmd', action: 'write', after: Buffer.from('@echo off\r\n')},
      {path: 'Windows/System32/Sysprep/Sysprep_succeeded.tag', action: 'delete', before: Buffer.alloc(0)},
      {path: 'Windows/Panther/unattend.xml', action: 'write', before: Buffer.alloc(0), after: Buffer.alloc(0)},
    ]);
    assert.deepEqual(summary, [
      {path: 'Windows/System32/config/SYSTEM', action: 'replace', bytes: 16384},
      {path: 'Windows/Setup/Scripts/SetupComplete.cmd', action: 'create', bytes: 11},
      {path: 'Windows/System32/Sysprep/Sysprep_succeeded.tag', action: 'delete'},
      {path: 'Windows/Panther/unattend.xml', action: 'replace', bytes: 0},
    ]);
    assert.deepEqual(summarizeChanges([]), []);
  });

  it('never repeats the contents (they may hold a password or a product key)', () => {
    const secret = 'AdminPassword=Sup3r-Secret-Value';
    const summary = summarizeChanges([{path: 'Windows/Panther/unattend.xml', action: 'write', before: Buffer.from(`old ${secret}`), after: Buffer.from(`new ${secret}`)}]);
    assert.ok(!JSON.stringify(summary).includes('Secret'), JSON.stringify(summary));
  });

  it('writeAction: replace when the file existed before, create otherwise', () => {
    assert.equal(writeAction(true), 'replace');
    assert.equal(writeAction(false), 'create');
  });
});
