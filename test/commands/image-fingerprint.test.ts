import assert from 'node:assert/strict';
import {cp, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import type {Fingerprint} from '../../src/fleet/fingerprint.js';
import type {FleetReport} from '../../src/fleet/types.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools} from '../helpers/tools.js';

describe('winprep image fingerprint (CLI)', () => {
  let dir: string;
  let captured: string;
  let sysprepped: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winprep-fp-'));
    captured = path.join(dir, 'captured');
    sysprepped = path.join(dir, 'sysprepped');
    for (const [out, state] of [[captured, 'captured-without-sysprep'], [sysprepped, 'sysprepped']]) {
      const made = runCli(['sample', 'create', out, '--os', 'win10-pro', '--state', state]);
      assert.equal(made.status, 0, made.stderr);
    }
  });
  after(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('prints the versioned identity record of a captured image', () => {
    const result = runCli(['image', 'fingerprint', captured, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const fp = parseJsonOutput<Fingerprint>(result).result!;
    assert.equal(fp.kind, 'winprep-fingerprint');
    assert.equal(fp.version, 1);
    assert.deepEqual(fp.source, {path: captured, kind: 'folder'});
    assert.equal(fp.edition, 'Professional');
    assert.match(fp.machineSid ?? '', /^S-1-5-21-\d+-\d+-\d+$/);
    assert.match(fp.machineGuid ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(fp.generalization.state, 'not-generalized');
    assert.equal(fp.identitiesRegenerated, false);
    assert.equal(fp.cmidRegenerated, false);
    assert.equal(fp.keyChannel, 'gvlk');
    assert.equal(fp.partialProductKey?.length, 5);
  });

  it('marks a sysprepped image as regenerating its identities', () => {
    const fp = parseJsonOutput<Fingerprint>(runCli(['image', 'fingerprint', sysprepped, '--json'])).result!;
    assert.equal(fp.generalization.state, 'generalized-by-sysprep');
    assert.equal(fp.identitiesRegenerated, true);
  });

  it('prints a readable summary without --json', () => {
    const result = runCli(['image', 'fingerprint', captured]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /MachineGuid\s+[0-9a-f-]{36}/);
    assert.match(result.stdout, /Identities\s+kept: every clone shares them/);
  });

  it('fleet audit reads images directly: clones of a captured image are duplicates, of a sysprepped one not', async () => {
    const clones = [path.join(dir, 'cc1'), path.join(dir, 'cc2')];
    for (const clone of clones) await cp(captured, clone, {recursive: true});
    const bad = runCli(['fleet', 'audit', ...clones, '--json']);
    assert.equal(bad.status, 4);
    const report = parseJsonOutput<FleetReport>(bad).result!;
    assert.deepEqual(report.inputs.map((i) => i.format), ['image', 'image']);
    assert.ok(report.duplicates.some((g) => g.kind === 'machineSid' && g.memberCount === 2));

    const sealed = [path.join(dir, 'sc1'), path.join(dir, 'sc2')];
    for (const clone of sealed) await cp(sysprepped, clone, {recursive: true});
    const good = runCli(['fleet', 'audit', ...sealed, '--json']);
    assert.equal(good.status, 0, good.stdout);
  });

  it('reads one image of a WIM with --index', function () {
    requireTools(this, 'wimlib-imagex');
    const wim = path.join(dir, 'install.wim');
    assert.equal(runCli(['sample', 'create', wim, '--os', 'win10-pro', '--state', 'sysprepped', '--format', 'wim']).status, 0);
    const fp = parseJsonOutput<Fingerprint>(runCli(['image', 'fingerprint', wim, '--index', '1', '--json'])).result!;
    assert.deepEqual(fp.source, {path: wim, kind: 'wim', index: 1});
    assert.equal(fp.identitiesRegenerated, true);
  });

  it('a missing image is bad input: exit 3, one line', () => {
    const result = runCli(['image', 'fingerprint', path.join(dir, 'nope')]);
    assert.equal(result.status, 3);
    assert.equal(result.stderr.trim().split('\n').filter((l) => !l.startsWith('hint:')).length, 1);
  });
});
