import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';

import {EXIT_CODE_TABLE, ExitCode, WinprepError, badInput, missingTool} from '../src/errors.js';
import {projectRoot} from './helpers/cli.js';

describe('exit codes', () => {
  it('the README table lists exactly the codes of src/errors.ts, with the same meanings', () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const section = readme.split('## Exit codes')[1]?.split('\n## ')[0] ?? '';
    const rows = [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => ({code: Number(m[1]), meaning: m[2]}));
    assert.deepEqual(
      rows,
      EXIT_CODE_TABLE.map((row) => ({code: row.code, meaning: row.meaning})),
    );
  });

  it('each kind maps to its documented number', () => {
    for (const row of EXIT_CODE_TABLE) assert.equal(ExitCode[row.kind], row.code);
  });

  it('errors name the file once and carry hint and code', () => {
    const error = badInput('checksum mismatch', {file: '/img/SYSTEM', hint: 'restore the hive', code: 'HIVE_CHECKSUM'});
    assert.equal(error.message, '/img/SYSTEM: checksum mismatch');
    assert.equal(error.exitCode, 3);
    assert.equal(error.code, 'HIVE_CHECKSUM');
    const named = badInput('/img/SYSTEM is truncated', {file: '/img/SYSTEM'});
    assert.equal(named.message, '/img/SYSTEM is truncated');
    assert.ok(named instanceof WinprepError);
  });

  it('a missing tool names its Debian package', () => {
    const error = missingTool('wimlib-imagex', 'wimtools');
    assert.equal(error.exitCode, 6);
    assert.match(error.hint ?? '', /apt-get install wimtools/);
  });
});
