import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

import fc from 'fast-check';

import {WinprepError} from '../../src/errors.js';
import {
  ACTIVATION_INTERVAL_DEFAULT,
  INTERVAL_RANGE,
  KMS_DEFAULT_PORT,
  PORT_RANGE,
  RENEWAL_INTERVAL_DEFAULT,
} from '../../src/licensing/defaults.js';
import {type Profile, checkProfile, loadProfile, profileSchemaPath, starterProfile} from '../../src/licensing/profile.js';

/** Expects a bad-input error whose message holds every fragment. */
async function rejects(data: unknown, ...fragments: string[]): Promise<string> {
  let message = '';
  await assert.rejects(checkProfile(data, 'p.json'), (error: unknown) => {
    assert.ok(error instanceof WinprepError, String(error));
    assert.equal(error.exitCode, 3);
    message = error.message;
    for (const f of fragments) assert.ok(message.includes(f), `"${message}" lacks "${f}"`);
    assert.ok(!message.includes('\n'), 'one line');
    return true;
  });
  return message;
}

const withClient = (client: Record<string, unknown>): Profile => ({...starterProfile(), kms: {client: client as never}});
const withHost = (host: Record<string, unknown>): Profile => ({...starterProfile(), kms: {host: host as never}});

describe('licensing/profile', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'winprep-profile-'));
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  it('the starter profile is valid and carries the documented defaults', async () => {
    const client = await checkProfile(starterProfile(), 'starter');
    assert.deepEqual(client.kms, {client: {hostCaching: true, key: 'auto'}});
    const host = await checkProfile(starterProfile({role: 'host'}), 'starter');
    assert.equal(host.kms?.client, undefined);
    assert.equal(host.kms?.host?.listeningPort, 1688);
    assert.equal(host.kms?.host?.activationInterval, 120);
    assert.equal(host.kms?.host?.renewalInterval, 10080);
    assert.deepEqual(await checkProfile({}, 'empty'), {});
  });

  it('the schema repeats exactly the ranges and defaults of defaults.ts', () => {
    const schema = JSON.parse(readFileSync(profileSchemaPath(), 'utf8'));
    const client = schema.properties.kms.properties.client.properties;
    const host = schema.properties.kms.properties.host.properties;
    for (const port of [client.port, host.listeningPort]) {
      assert.deepEqual([port.minimum, port.maximum, port.default], [PORT_RANGE.min, PORT_RANGE.max, KMS_DEFAULT_PORT]);
    }
    assert.deepEqual([host.activationInterval.minimum, host.activationInterval.maximum, host.activationInterval.default], [INTERVAL_RANGE.min, INTERVAL_RANGE.max, ACTIVATION_INTERVAL_DEFAULT]);
    assert.deepEqual([host.renewalInterval.minimum, host.renewalInterval.maximum, host.renewalInterval.default], [INTERVAL_RANGE.min, INTERVAL_RANGE.max, RENEWAL_INTERVAL_DEFAULT]);
  });

  it('port boundaries: 1 and 65535 pass, 0 and 65536 name the JSON path and the range', async () => {
    await checkProfile(withClient({port: 1}), 'p');
    await checkProfile(withHost({listeningPort: 65535}), 'p');
    await rejects(withClient({port: 0}), 'p.json', '/kms/client/port', 'from 1 to 65535', 'got 0');
    await rejects(withClient({port: 70000}), '/kms/client/port', 'from 1 to 65535', 'got 70000');
    await rejects(withHost({listeningPort: 65536}), '/kms/host/listeningPort', 'from 1 to 65535');
    await rejects(withClient({port: '1688'}), '/kms/client/port', 'must be a TCP port');
    await rejects(withClient({port: 16.5}), '/kms/client/port');
  });

  it('interval boundaries: 15 and 43200 pass, 14 and 43201 fail', async () => {
    await checkProfile(withHost({activationInterval: 15, renewalInterval: 43200}), 'p');
    await rejects(withHost({activationInterval: 14}), '/kms/host/activationInterval', 'from 15 to 43200', 'got 14');
    await rejects(withHost({renewalInterval: 43201}), '/kms/host/renewalInterval', 'from 15 to 43200', 'got 43201');
  });

  it('checks the client host syntax and its port against client.port', async () => {
    await checkProfile(withClient({host: '[2001:db8::1]:1688', port: 1688}), 'p');
    await checkProfile(withClient({host: 'KMS01'}), 'p');
    await rejects(withClient({host: '[2001:db8::1:1688'}), '/kms/client/host', 'bracket');
    await rejects(withClient({host: 'kms.corp:99999'}), '/kms/client/host port', '1 to 65535');
    await rejects(withClient({host: 'kms.corp:1700', port: 1688}), '/kms/client/port', 'disagrees');
    await rejects(withClient({lookupDomain: 'bad domain'}), '/kms/client/lookupDomain', 'DNS domain name');
  });

  it('accepts a GVLK or "auto", and never echoes another key whole', async () => {
    await checkProfile(withClient({key: 'w269n-wfgwx-yvc9b-4j6c9-t83gx'}), 'p');
    const secret = 'BCDFG-HJKMP-QRTVW-XY234-6789B';
    const message = await rejects(withClient({key: secret}), '/kms/client/key', 'GVLK', 'XXXXX-XXXXX-XXXXX-XXXXX-6789B');
    assert.ok(!message.includes('BCDFG'));
    const malformed = await rejects(withClient({key: 'BCDFG-HJKMP-QRTVW-XY234-6789'}), '/kms/client/key');
    assert.ok(!malformed.includes('BCDFG'));
  });

  it('names unknown settings, enums, publish domains and operation syntax', async () => {
    await rejects({...starterProfile(), kms: {client: {prot: 1688}}}, '/kms/client/prot is not a known setting', 'port');
    await rejects({bogus: 1}, '/bogus is not a known setting');
    await rejects({validate: {target: 'usb'}}, '/validate/target', '"duplication", "wds"', 'got "usb"');
    await rejects(withHost({publishDomains: [{priority: 1}]}), '/kms/host/publishDomains/0', 'domain');
    await rejects(withHost({publishDomains: [{domain: 'corp.example', weight: 65536}]}), '/kms/host/publishDomains/0/weight', 'from 0 to 65535');
    await rejects({generalize: {operations: ['Machine SID']}}, '/generalize/operations/0', 'kebab-case');
    await rejects({image: {index: 0}}, '/image/index', 'WIM image number (1 or more) or name', 'got 0');
    await rejects({image: {index: ''}}, '/image/index', 'WIM image number (1 or more) or name');
    await rejects([], '/ must be an object');
  });

  it('reports several problems on one line', async () => {
    const message = await rejects({validate: {target: 'x'}, kms: {client: {port: 0}, host: {activationInterval: 1}}}, '/validate/target', '/kms/client/port', '/kms/host/activationInterval');
    assert.equal(message.split('; ').length, 3);
  });

  it('loadProfile names the file for missing files and bad JSON (with line and column)', async () => {
    const good = path.join(dir, 'good.json');
    writeFileSync(good, `\uFEFF${JSON.stringify(starterProfile())}`);
    assert.equal((await loadProfile(good)).validate?.target, 'duplication');
    const missing = path.join(dir, 'missing.json');
    await assert.rejects(loadProfile(missing), (e: WinprepError) => e.exitCode === 3 && e.message.includes(missing) && e.message.includes('no such file'));
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "kms": {},\n}\n');
    await assert.rejects(loadProfile(broken), (e: WinprepError) => e.exitCode === 3 && e.message.includes(broken) && /line 3, column 1/.test(e.message));
  });

  it('property: any JSON value is either a valid profile or a one-line bad-input error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({maxDepth: 4}), async (value) => {
        try {
          await checkProfile(value, 'p.json');
        } catch (error) {
          assert.ok(error instanceof WinprepError && error.exitCode === 3 && !error.message.includes('\n'), String(error));
        }
      }),
      {numRuns: 200},
    );
  });
});
