import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {SAMPLE_OSES} from '../../fixtures/build.js';
import type {PrepareResult} from '../../src/prepare/index.js';
import {parseJsonOutput, projectRoot, runCli} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';
import {copySample, sample, sampleRoot} from '../fixtures/samples.js';

const CLIENT_PROFILE = path.join(projectRoot, 'fixtures', 'profiles', 'kms-client.json');
const HOST_PROFILE = path.join(projectRoot, 'fixtures', 'profiles', 'kms-host.json');

/** sha256 of every file below a folder (or of one archive), by relative path. */
async function hashes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const stat = await fs.stat(root);
  if (stat.isFile()) return {'.': createHash('sha256').update(await fs.readFile(root)).digest('hex')};
  for (const entry of await fs.readdir(root, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(root, file)] = createHash('sha256').update(await fs.readFile(file)).digest('hex');
  }
  return out;
}

async function writeProfile(name: string, profile: object): Promise<string> {
  const file = path.join(await sampleRoot(), `${name}-${process.pid}.json`);
  await fs.writeFile(file, JSON.stringify(profile));
  return file;
}

describe('winprep image prepare', () => {
  for (const osName of SAMPLE_OSES) {
    it(`${osName}: sysprepped with the mistakes pipelines ship → prepared with a KMS client profile → validates (exit 0)`, async () => {
      const image = await copySample(osName, 'sysprepped-with-mistakes', `prepare-${osName}`);
      assert.equal(runCli(['image', 'validate', image]).status, 4);
      const prepared = runCli(['image', 'prepare', image, '--profile', CLIENT_PROFILE, '--json']);
      const doc = parseJsonOutput<PrepareResult>(prepared);
      assert.equal(prepared.status, 0, prepared.stdout);
      assert.equal(doc.result!.committed, true);
      assert.equal(doc.result!.fit, true);
      const validated = runCli(['image', 'validate', image, '--for', 'duplication']);
      assert.equal(validated.status, 0, validated.stdout);
      assert.match(validated.stdout, /rearm armed for first boot/);
    });
  }

  it('captured without sysprep: the default operations cannot make it fit (WP010 error, the sysprep hint), and nothing is committed', async () => {
    const image = await copySample('win10-pro', 'captured-without-sysprep', 'prepare-never-generalized');
    const before = await hashes(image);
    const result = runCli(['image', 'prepare', image, '--profile', CLIENT_PROFILE]);
    assert.equal(result.status, 4);
    assert.match(result.stdout, /WP010 generalized: not generalized by sysprep/);
    assert.match(result.stdout, /sysprep \/generalize \/oobe/);
    assert.deepEqual(await hashes(image), before);
  });

  it('the KMS client values it writes are read back by hivex', async function () {
    requireTools(this, 'hivexget');
    const image = await copySample('win10-pro', 'sysprepped-with-mistakes', 'prepare-hivex');
    assert.equal(runCli(['image', 'prepare', image, '--profile', CLIENT_PROFILE]).status, 0);
    const software = path.join(image, 'Windows/System32/config/SOFTWARE');
    const key = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
    assert.equal(run('hivexget', [software, key, 'KeyManagementServiceName']).stdout.trim(), 'kms01.corp.example');
    assert.equal(run('hivexget', [software, key, 'KeyManagementServicePort']).stdout.trim(), '1688');
    // The host-only setting the reference machine carried is gone from the client image.
    assert.equal(run('hivexget', [software, key, 'KeyManagementServiceListeningPort']).stdout.trim(), '');
  });

  it('a prepare whose validation fails (Windows 11 for WDS) leaves the image byte-identical and exits 4', async () => {
    const image = await copySample('win11-enterprise', 'captured-without-sysprep', 'prepare-wds');
    const profile = await writeProfile('wds', {kms: {client: {host: 'kms01.corp.example'}}, validate: {target: 'wds'}});
    const before = await hashes(image);
    const result = runCli(['image', 'prepare', image, '--profile', profile, '--json']);
    assert.equal(result.status, 4);
    const doc = parseJsonOutput<PrepareResult>(result);
    assert.equal(doc.result!.committed, false);
    assert.match(doc.result!.notCommittedBecause ?? '', /validation failed/);
    assert.ok(doc.result!.files.length > 0, 'changes were staged, then dropped');
    assert.deepEqual(await hashes(image), before);
  });

  it('--commit-on-fail commits anyway and still exits 4', async () => {
    const image = await copySample('win11-enterprise', 'captured-without-sysprep', 'prepare-force');
    const profile = await writeProfile('wds-force', {validate: {target: 'wds'}});
    const before = await hashes(image);
    const result = runCli(['image', 'prepare', image, '--profile', profile, '--commit-on-fail']);
    assert.equal(result.status, 4);
    assert.notDeepEqual(await hashes(image), before);
  });

  it('--dry-run stages and validates but changes nothing', async () => {
    const image = await copySample('win7-enterprise', 'sysprepped-with-mistakes', 'prepare-dry');
    const before = await hashes(image);
    const result = runCli(['image', 'prepare', image, '--profile', CLIENT_PROFILE, '--dry-run', '--json']);
    assert.equal(result.status, 0, result.stdout);
    const doc = parseJsonOutput<PrepareResult>(result);
    assert.equal(doc.result!.dryRun, true);
    assert.equal(doc.result!.fit, true);
    assert.ok(doc.result!.files.length > 0);
    assert.deepEqual(await hashes(image), before);
  });

  it('a tar image and a WIM image are prepared all or nothing too', async function () {
    requireTools(this, 'wimlib-imagex');
    for (const format of ['tar', 'wim'] as const) {
      const original = await sample('server2019-standard', 'sysprepped-with-mistakes', format);
      const image = `${original}.prepare-${process.pid}.${format}`;
      await fs.copyFile(original, image);
      const result = runCli(['image', 'prepare', image, '--profile', CLIENT_PROFILE]);
      assert.equal(result.status, 0, `${format}: ${result.stdout}${result.stderr}`);
      assert.equal(runCli(['image', 'validate', image]).status, 0, format);
      await fs.rm(image, {force: true});
    }
  });

  it('a KMS host profile configures a host image (role from the profile)', async function () {
    requireTools(this, 'hivexget');
    const image = await copySample('server2022-datacenter', 'sysprepped', 'prepare-host');
    const result = runCli(['image', 'prepare', image, '--profile', HOST_PROFILE, '--json']);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(parseJsonOutput<PrepareResult>(result).result!.role, 'host');
    const software = path.join(image, 'Windows/System32/config/SOFTWARE');
    const list = run('hivexget', [software, 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform', 'DnsDomainPublishList']);
    assert.match(list.stdout, /branch\.corp\.example, 0, 100/);
  });

  it('an invalid profile exits 3 naming the JSON path, before the image is opened', async () => {
    const image = await copySample('win10-pro', 'captured-without-sysprep', 'prepare-badprofile');
    const before = await hashes(image);
    const profile = await writeProfile('bad', {kms: {client: {host: 'kms01.corp.example', port: 70000}}});
    const result = runCli(['image', 'prepare', image, '--profile', profile, '--json']);
    assert.equal(result.status, 3);
    assert.match(parseJsonOutput(result).error!.message, /\/kms\/client\/port/);
    assert.deepEqual(await hashes(image), before);
  });

  it('progress goes to stderr as plain lines in CI; stdout holds the report', async () => {
    const image = await copySample('win10-pro', 'sysprepped-with-mistakes', 'prepare-progress');
    const result = runCli(['image', 'prepare', image, '--profile', CLIENT_PROFILE], {env: {CI: 'true'}});
    assert.equal(result.status, 0);
    assert.match(result.stderr, /Validate for duplication/);
    assert.ok(!result.stderr.includes(`${String.fromCharCode(27)}[`), "no terminal escape sequences in CI");
    assert.match(result.stdout, /Committed \d+ file change/);
  });
});
