import assert from 'node:assert/strict';

import fc from 'fast-check';

import {innerPathOfWindowsPath} from '../../src/generalize/answer-files.js';
import {OPERATIONS} from '../../src/generalize/registry.js';
import {renderChange, renderGeneralizeResult, renderOperationList} from '../../src/generalize/render.js';
import type {GeneralizeResult} from '../../src/generalize/types.js';

describe('generalize rendering and answer-file paths', () => {
  it('maps SYSTEM\\Setup\\UnattendFile values into the image', () => {
    assert.equal(innerPathOfWindowsPath('C:\\Windows\\Panther\\deploy.xml'), 'Windows/Panther/deploy.xml');
    assert.equal(innerPathOfWindowsPath('%WINDIR%\\System32\\Sysprep\\u.xml'), 'Windows/System32/Sysprep/u.xml');
    assert.equal(innerPathOfWindowsPath('%SystemDrive%\\unattend.xml'), 'unattend.xml');
    assert.equal(innerPathOfWindowsPath('\\\\server\\share\\u.xml'), undefined);
    assert.equal(innerPathOfWindowsPath('%TEMP%\\u.xml'), undefined);
  });

  it('maps any drive-rooted path to the same segments, and never returns a drive, share or variable (property)', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_]([A-Za-z0-9_. -]{0,10}[A-Za-z0-9_])?$/);
    fc.assert(
      fc.property(fc.constantFrom('C', 'd', 'X'), fc.array(segment, {minLength: 1, maxLength: 6}), (drive, segments) => {
        assert.equal(innerPathOfWindowsPath(`${drive}:\\${segments.join('\\')}`), segments.join('/'));
      }),
    );
    fc.assert(
      fc.property(fc.string({maxLength: 40}), (text) => {
        const inner = innerPathOfWindowsPath(text);
        return inner === undefined || !/^[a-z]:|^\/|\\|%/i.test(inner);
      }),
    );
  });

  it('lists operations one per line with * for the defaults and the basis, names aligned', () => {
    const all = renderOperationList(OPERATIONS).split('\n');
    const lines = all.slice(0, OPERATIONS.length);
    assert.match(all.at(-1) ?? '', /inferred = no public source documents it/);
    const column = lines[0].indexOf(OPERATIONS[0].defaultOn ? '*' : ' ', OPERATIONS[0].name.length);
    for (const [i, op] of OPERATIONS.entries()) {
      assert.ok(lines[i].startsWith(op.name));
      assert.equal(lines[i][column], op.defaultOn ? '*' : ' ');
      assert.equal(lines[i].slice(column + 2).split(/\s+/)[0], op.basis.kind);
      assert.ok(lines[i].endsWith(op.heading));
    }
  });

  it('renders changes and a result', () => {
    assert.equal(
      renderChange({kind: 'registry', hive: 'Windows/System32/config/SOFTWARE', key: 'Microsoft\\Cryptography', value: 'MachineGuid', action: 'delete', changed: true, before: 'g', reg: ''}),
      'SOFTWARE\\Microsoft\\Cryptography MachineGuid: g → (absent)',
    );
    assert.equal(renderChange({kind: 'file', path: 'Windows/Panther/unattend.xml', action: 'delete'}), 'delete Windows/Panther/unattend.xml');
    const result: GeneralizeResult = {
      image: {path: '/img', kind: 'wim', index: 2},
      dryRun: true,
      operations: [{name: 'reseal', heading: 'h', evidence: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication', basis: {kind: 'documented', source: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication'}, status: 'not-applicable', changes: [], notes: ['sysprep generalized this image']}],
      disabled: ['msdtc'],
      summary: {changed: 0, unchanged: 0, notApplicable: 1},
      files: [],
      reg: '',
      committed: false,
      backups: [],
      warnings: [],
    };
    assert.equal(
      renderGeneralizeResult(result),
      [
        '/img (wim, index 2)',
        'Dry run: nothing was written. A real run makes exactly these changes:',
        '  not applicable reseal',
        '      note: sysprep generalized this image',
        '0 changed, 0 unchanged, 1 not applicable; not run: msdtc',
      ].join('\n'),
    );
  });
});
