import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import type {ImageFacts} from '../../src/facts/facts.js';
import {Hive} from '../../src/registry/index.js';
import {copySample} from '../fixtures/samples.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';
import {buildLog, dirtyPrimary} from '../registry/log-build.js';

const SYSTEM = 'Windows/System32/config/SYSTEM';
const COMPUTER_NAME = 'ControlSet001\\Control\\ComputerName\\ComputerName';

async function hashTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await fs.readdir(root, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(root, full), createHash('sha256').update(await fs.readFile(full)).digest('hex'));
  }
  return out;
}

/**
 * A sample image whose SYSTEM is dirty: the primary file is the old state, SYSTEM.LOG1 (Windows 8.1+
 * format, built from the public format description) holds a new ComputerName and a marker key.
 */
async function dirtyImage(name: string): Promise<{dir: string; system: string; log: string}> {
  const dir = await copySample('win10-pro', 'captured-without-sysprep', name);
  const system = path.join(dir, SYSTEM);
  const before = await fs.readFile(system);
  const changed = Hive.parse(before);
  changed.setValue(COMPUTER_NAME, {name: 'ComputerName', type: 1, data: Buffer.from('FROM-THE-LOG\0', 'utf16le')});
  changed.createKey('WinprepLogged\\Marker');
  const after = changed.serialize();
  await fs.writeFile(system, dirtyPrimary(before));
  const log = `${system}.LOG1`;
  await fs.writeFile(log, buildLog(before, after, before.readUInt32LE(8) + 1));
  return {dir, system, log};
}

describe('winprep image: dirty hives read through their logs', function () {
  it('inspect and validate read a dirty hive as recovered in memory, say so, and change no file', async function () {
    const {dir} = await dirtyImage('dirty-view');
    const before = await hashTree(dir);
    const inspect = parseJsonOutput<ImageFacts>(runCli(['image', 'inspect', dir, '--json']));
    assert.equal(inspect.status, 0, JSON.stringify(inspect.error));
    const entry = inspect.result!.hives.find((h) => h.path === SYSTEM)!;
    assert.equal(entry.dirty, true);
    assert.deepEqual(entry.recovered, {format: 'new', applied: 2, sequence: entry.recovered!.sequence, logs: [`${SYSTEM}.LOG1`]});
    assert.equal(inspect.result!.identity.computerName, 'FROM-THE-LOG');
    const human = runCli(['image', 'inspect', dir]);
    assert.match(human.stdout, /DIRTY: Windows\/System32\/config\/SYSTEM \(read as recovered in memory: 2 log entries replayed from .*SYSTEM\.LOG1; files unchanged\)/);
    const validate = runCli(['image', 'validate', dir, '--json']);
    const report = JSON.parse(validate.stdout) as {result: {rules: {id: string; findings: {message: string}[]}[]}};
    const wp001 = report.result.rules.find((rule) => rule.id === 'WP001')!;
    assert.match(wp001.findings[0].message, /is dirty: .*they replay cleanly \(2 log entries from .*SYSTEM\.LOG1\) and the other checks read the recovered hive, in memory/);
    assert.deepEqual(await hashTree(dir), before);
  });

  it('inspect names a log it cannot use and why', async function () {
    const {dir, log} = await dirtyImage('dirty-badlog');
    const bytes = await fs.readFile(log);
    bytes[100] ^= 1;
    await fs.writeFile(log, bytes);
    const inspect = parseJsonOutput<ImageFacts>(runCli(['image', 'inspect', dir, '--json']));
    const entry = inspect.result!.hives.find((h) => h.path === SYSTEM)!;
    assert.equal(entry.recovered, undefined);
    assert.match(entry.logProblems![0].reason, /corrupt: its base block checksum is wrong/);
    assert.notEqual(inspect.result!.identity.computerName, 'FROM-THE-LOG');
    const refused = parseJsonOutput(runCli(['image', 'generalize', dir, '--replay-logs', '--json']));
    assert.equal(refused.status, 3);
    assert.equal(refused.error!.code, 'HIVE_DIRTY');
    assert.match(refused.error!.message, /SYSTEM\.LOG1 is corrupt/);
    assert.doesNotMatch(refused.error!.hint!, /--replay-logs/);
  });

  it('generalize --replay-logs writes the recovered hive, clean, and empties its log (read back by hivexget)', async function () {
    requireTools(this, 'hivexget');
    const {dir, system, log} = await dirtyImage('dirty-write');
    const refused = parseJsonOutput(runCli(['image', 'generalize', dir, '--json']));
    assert.equal(refused.status, 3);
    assert.match(refused.error!.hint!, /--replay-logs/);
    const done = parseJsonOutput<{committed: boolean}>(runCli(['image', 'generalize', dir, '--replay-logs', '--json']));
    assert.equal(done.status, 0, JSON.stringify(done.error));
    assert.equal(done.result!.committed, true);
    const bytes = await fs.readFile(system);
    assert.equal(bytes.readUInt32LE(4), bytes.readUInt32LE(8), 'clean: equal sequence numbers');
    assert.equal((await fs.readFile(log)).length, 0);
    assert.equal(run('hivexget', [system, '\\WinprepLogged\\Marker']).status, 0);
    assert.equal(runCli(['reg', 'verify', system]).status, 0);
  });
});
