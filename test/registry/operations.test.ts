/** The library behind `winprep reg`: where export --out writes, and what it refuses. */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {decodeRegFile, dwordValue, Hive, parseReg, regExport, sameValue} from '../../src/registry/index.js';

describe('registry operations: reg export --out', () => {
  let dir: string;
  let system: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'winprep-regops-'));
    const hive = Hive.create({clock: () => new Date('2024-05-01T12:00:00Z')});
    hive.setValue('Select', dwordValue('Current', 1));
    system = path.join(dir, 'SYSTEM');
    writeFileSync(system, hive.serialize());
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  it('creates missing parent folders and leaves no temp file', async () => {
    const out = path.join(dir, 'build', 'reg', 'select.reg');
    const result = await regExport(system, {keyPath: 'Select', out});
    assert.equal(result.out, out);
    const [section] = parseReg(decodeRegFile(readFileSync(out))).sections;
    assert.equal(section.path, 'HKEY_LOCAL_MACHINE\\SYSTEM\\Select');
    assert.ok(sameValue(section.entries[0].value, dwordValue('Current', 1)));
    assert.deepEqual(readdirSync(path.dirname(out)), ['select.reg']);
  });

  it('refuses a parent that is a file as bad input naming the file', async () => {
    const out = path.join(dir, 'SYSTEM', 'x.reg');
    await assert.rejects(regExport(system, {out}), (error: unknown) => {
      assert.ok(error instanceof WinprepError);
      assert.equal(error.exitCode, 3);
      assert.equal(error.message, `cannot create ${out}: ${system} is not a folder`);
      return true;
    });
  });
});
