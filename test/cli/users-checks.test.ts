/** Issue "ready for users' machines": profiles checked like prepare checks them, suggestions, topic help. */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {runCli} from '../helpers/cli.js';

describe('profile check rejects what image prepare rejects', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-users-'));
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('names the JSON path of an unknown operation and suggests the right one, in check and prepare alike', async () => {
    const profile = path.join(dir, 'b.json');
    await fs.writeFile(profile, JSON.stringify({generalize: {operations: ['defaults', 'machineguid']}}));
    const check = runCli(['profile', 'check', profile]);
    assert.equal(check.status, 3, check.stderr);
    assert.match(check.stderr, /b\.json: \/generalize\/operations\/1: unknown operation "machineguid" \(did you mean "machine-guid"\?\)/);
    const ref = path.join(dir, 'ref');
    assert.equal(runCli(['sample', 'create', ref, '--os', 'win10-pro', '--state', 'sysprepped']).status, 0);
    const prepare = runCli(['image', 'prepare', ref, '--profile', profile]);
    assert.equal(prepare.status, 3, prepare.stderr);
    assert.match(prepare.stderr, /\/generalize\/operations\/1/);
  });

  it('suggests operations and rules', () => {
    const ops = runCli(['image', 'generalize', 'nosuch', '--operations', 'machineguid']);
    assert.equal(ops.status, 2);
    assert.match(ops.stderr, /did you mean "machine-guid"/);
  });
});

describe('topic help', () => {
  it('kms client and kms host open with their own summary, not a command of theirs', () => {
    const kms = runCli(['kms', '--help']).stdout;
    assert.match(kms, /kms client +KMS client configuration of an offline image\./);
    assert.match(kms, /kms host +KMS host configuration/);
    assert.match(runCli(['kms', 'client', '--help']).stdout.split('\n')[0], /^KMS client configuration of an offline image\./);
  });
});

describe('permission problems', () => {
  it('are exit 3 naming the image file, not the work file, and no flag that does not exist', async () => {
    const {describeError} = await import('../../src/cli/base-command.js');
    // The error Node raises when the run may not create a work file beside a hive (seen as non-root).
    const error = Object.assign(new Error("EACCES: permission denied, open '/img/Windows/System32/config/.SYSTEM.8ee58d4c90.winprep-new'"), {
      code: 'EACCES',
      path: '/img/Windows/System32/config/.SYSTEM.8ee58d4c90.winprep-new',
    });
    const described = describeError(error);
    assert.equal(described.status, 3);
    assert.equal(described.message, '/img/Windows/System32/config/SYSTEM: cannot be written (permission denied)');
    assert.doesNotMatch(described.hint ?? '', /read-only|--replay-logs/);
  });
});

describe('progress people expect', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-progress-'));
    // A sysprep-generalized image, as pipelines capture them: generalize has no warning to add to the progress.
    assert.equal(runCli(['sample', 'create', path.join(dir, 'ref'), '--os', 'win10-pro', '--state', 'sysprepped', '--format', 'folder']).status, 0);
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  const archive = async (name: string): Promise<string> => {
    const file = path.join(dir, name);
    const {spawnSync} = await import('node:child_process');
    assert.equal(spawnSync('tar', ['-cf', file, '-C', path.join(dir, 'ref'), '.']).status, 0);
    return file;
  };

  it('off a terminal: timestamped plain lines, with the commit\'s bytes, percent and phases', async () => {
    const run = runCli(['image', 'generalize', await archive('plain.tar')], {env: {CI: ''}});
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.ok(lines.every((line) => /^. \[\d\d:\d\d:\d\d\] /.test(line)), run.stderr);
    assert.match(run.stderr, /write [\d.]+ [KMG]?B of [\d.]+ [KMG]?B \(\d+%\)/);
    assert.match(run.stderr, /verify [\d.]+ [KMG]?B of [\d.]+ [KMG]?B \(\d+%\)/);
  });

  it('--quiet and --json show no progress at all', async () => {
    const quiet = runCli(['image', 'generalize', await archive('quiet.tar'), '--quiet']);
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
    assert.notEqual(quiet.stdout, '');
    const json = runCli(['image', 'generalize', await archive('json.tar'), '--json']);
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.stderr, '');
    JSON.parse(json.stdout);
  });
});

describe('did you mean, for flags', () => {
  it('an unknown flag close to one of the command\'s suggests it (exit 2), in text and in JSON', () => {
    const text = runCli(['image', 'generalize', 'nosuch', '--dry-rn']);
    assert.equal(text.status, 2);
    assert.match(text.stderr, /Nonexistent flag: --dry-rn/);
    assert.match(text.stderr, /hint: did you mean --dry-run\?/);
    const json = runCli(['image', 'validate', 'nosuch', '--fro', 'wds', '--json']);
    assert.equal(json.status, 2);
    assert.match(JSON.parse(json.stdout).error.hint, /did you mean --for\?/);
    const far = runCli(['image', 'inspect', 'nosuch', '--zzzzzzzz']);
    assert.match(far.stderr, /hint: see --help/);
  });
});

describe('a profile carries what the flags can', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-profile-flags-'));
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('computer name, backup and rule selection apply in image prepare', async () => {
    const ref = path.join(dir, 'ref');
    assert.equal(runCli(['sample', 'create', ref, '--os', 'win10-pro', '--state', 'captured-without-sysprep']).status, 0);
    const profile = path.join(dir, 'p.json');
    await fs.writeFile(
      profile,
      JSON.stringify({image: {backup: true}, generalize: {operations: ['defaults'], computerName: 'LAB-PC01'}, kms: {client: {}}, validate: {skipRules: ['WP020']}}),
    );
    assert.equal(runCli(['profile', 'check', profile]).status, 0);
    const run = runCli(['image', 'prepare', ref, '--profile', profile, '--commit-on-fail', '--json']);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.result.committed, true, run.stdout + run.stderr);
    assert.ok(doc.result.backups.length > 0, 'image.backup kept the previous versions');
    const wp020 = (doc.result.validation.rules as {id: string; skippedBecause?: string}[]).find((rule) => rule.id === 'WP020');
    assert.equal(wp020?.skippedBecause, 'deselected');
    const facts = JSON.parse(runCli(['image', 'inspect', ref, '--json']).stdout);
    assert.match(JSON.stringify(facts.result), /LAB-PC01/);
  });

  it('profile check names the JSON path of an unknown rule and of a bad computer name', async () => {
    const bad = path.join(dir, 'bad.json');
    await fs.writeFile(bad, JSON.stringify({validate: {rules: ['WP010', 'skip-rearn']}}));
    const rules = runCli(['profile', 'check', bad]);
    assert.equal(rules.status, 3);
    assert.match(rules.stderr, /bad\.json: \/validate\/rules\/1: unknown rule "skip-rearn" \(did you mean "skip-rearm"\?\)/);
    await fs.writeFile(bad, JSON.stringify({generalize: {computerName: 'a name with spaces'}}));
    const name = runCli(['profile', 'check', bad]);
    assert.equal(name.status, 3);
    assert.match(name.stderr, /\/generalize\/computerName:/);
  });
});
