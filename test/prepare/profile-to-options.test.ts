/**
 * A checked profile turned into the options of each prepare stage (src/prepare/profile-to-options.ts): role,
 * validate target and rules, operations, computer name, backup, the KMS client or host section, and the WIM
 * image index a profile may give by number or by name (checked by the schema, used by prepareImage).
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {checkProfile, loadProfile, type Profile} from '../../src/licensing/profile.js';
import {planPrepare} from '../../src/prepare/profile-to-options.js';
import {projectRoot} from '../helpers/cli.js';

const CLIENT_PROFILE = path.join(projectRoot, 'fixtures', 'profiles', 'kms-client.json');
const HOST_PROFILE = path.join(projectRoot, 'fixtures', 'profiles', 'kms-host.json');

describe('prepare/profile-to-options: planPrepare', () => {
  it('fixtures/profiles/kms-client.json: a client image for duplication with the default operations', async () => {
    const plan = planPrepare(await loadProfile(CLIENT_PROFILE));
    assert.deepEqual(plan, {
      operations: ['defaults'],
      client: {host: 'kms01.corp.example', port: 1688, hostCaching: true, key: 'auto', lookupDomain: undefined},
      host: undefined,
      role: 'client',
      target: 'duplication',
      strict: false,
      rules: {only: undefined, skip: undefined},
      computerName: undefined,
      backup: false,
      warnings: [],
    });
  });

  it('fixtures/profiles/kms-host.json: a host-only profile makes a host image, its fields renamed to the host options', async () => {
    const plan = planPrepare(await loadProfile(HOST_PROFILE));
    assert.equal(plan.role, 'host');
    assert.equal(plan.client, undefined);
    assert.deepEqual(plan.host, {
      port: 1688,
      dnsPublishing: true,
      publishDomains: [{domain: 'branch.corp.example', priority: 0, weight: 100}, {domain: 'lab.corp.example'}],
      lowPriority: false,
      activationInterval: 120,
      renewalInterval: 10080,
    });
    assert.deepEqual(plan.warnings, []);
  });

  it('takes target, strict, rules, skipRules, operations, computerName and backup from the profile', () => {
    const plan = planPrepare({
      generalize: {operations: ['defaults', '+machine-guid', '-skip-rearm'], computerName: 'REF-01'},
      validate: {target: 'wds', strict: true, rules: ['WP010'], skipRules: ['WP090']},
      image: {backup: true, index: 2},
    });
    assert.deepEqual(plan.operations, ['defaults', '+machine-guid', '-skip-rearm']);
    assert.equal(plan.computerName, 'REF-01');
    assert.equal(plan.target, 'wds');
    assert.equal(plan.strict, true);
    assert.deepEqual(plan.rules, {only: ['WP010'], skip: ['WP090']});
    assert.equal(plan.backup, true);
    assert.equal(plan.role, 'client', 'no KMS section: a client image');
    assert.equal(plan.client, undefined);
    assert.equal(plan.host, undefined);
  });

  it('an empty profile: client role, duplication, not strict, no backup, no operations given (the stage defaults apply)', () => {
    const plan = planPrepare({});
    assert.equal(plan.role, 'client');
    assert.equal(plan.target, 'duplication');
    assert.equal(plan.strict, false);
    assert.equal(plan.backup, false);
    assert.equal(plan.operations, undefined);
    assert.deepEqual(plan.warnings, []);
  });

  it('a client without a host means DNS auto-discovery; a port other than 1688 is then ignored with a warning', () => {
    const auto = planPrepare({kms: {client: {lookupDomain: 'corp.example'}}});
    assert.deepEqual(auto.client, {auto: true, lookupDomain: 'corp.example', hostCaching: undefined, key: undefined});
    assert.deepEqual(auto.warnings, []);
    const odd = planPrepare({kms: {client: {port: 1700}}});
    assert.equal(odd.client?.auto, true);
    assert.equal(odd.client?.port, undefined, 'the SRV record carries the port');
    assert.equal(odd.warnings.length, 1);
    assert.match(odd.warnings[0]!, /kms\.client\.port 1700 is ignored without kms\.client\.host/);
    assert.deepEqual(planPrepare({kms: {client: {port: 1688}}}).warnings, [], 'the default port is no surprise');
  });

  it('both sections: the role option chooses, the other section is named unused in a warning', () => {
    const profile: Profile = {kms: {client: {host: 'kms01.corp.example'}, host: {listeningPort: 1700}}};
    const client = planPrepare(profile);
    assert.equal(client.role, 'client');
    assert.equal(client.client?.host, 'kms01.corp.example');
    assert.equal(client.host, undefined);
    assert.match(client.warnings.join('\n'), /preparing a client image, the host section is not used/);
    const host = planPrepare(profile, 'host');
    assert.equal(host.role, 'host');
    assert.equal(host.client, undefined);
    assert.equal(host.host?.port, 1700);
    assert.match(host.warnings.join('\n'), /preparing a host image, the client section is not used/);
    assert.equal(planPrepare({kms: {host: {}}}, 'client').role, 'client', 'the role option wins over a host-only profile');
  });

  it('--role host without a kms.host section is a usage error (exit 2)', () => {
    assert.throws(
      () => planPrepare({kms: {client: {host: 'kms01.corp.example'}}}, 'host'),
      (error: unknown) => error instanceof WinprepError && error.exitCode === 2 && error.code === 'PROFILE_NO_HOST',
    );
  });
});

describe('prepare/profile-to-options: image.index by number and by name', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-profile-index-'));
  });
  after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

  it('a profile file may give the WIM image by number (1 or more) or by name', async () => {
    for (const index of [1, 3, 'Windows 10 Pro']) {
      const file = path.join(dir, `index-${index}.json`);
      await fs.writeFile(file, JSON.stringify({image: {index}}));
      assert.deepEqual((await loadProfile(file)).image, {index});
    }
  });

  for (const [what, index] of [
    ['0', 0],
    ['an empty name', ''],
    ['a fraction', 1.5],
    ['true', true],
  ] as const) {
    it(`refuses ${what} in one line naming the file and /image/index (exit 3)`, async () => {
      await assert.rejects(checkProfile({image: {index}}, 'profile.json'), (error: unknown) => {
        assert.ok(error instanceof WinprepError);
        assert.equal(error.exitCode, 3);
        assert.match(error.message, /^profile\.json: .*\/image\/index/);
        assert.ok(!error.message.includes('\n'), error.message);
        return true;
      });
    });
  }
});
