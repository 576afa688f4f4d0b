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
