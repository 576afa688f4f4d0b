import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import type {KmsClientResult, KmsClientView} from '../../src/kms/index.js';
import {copySample, sample, sampleRoot} from '../fixtures/samples.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';

const SPP = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';

describe('winprep kms client', function () {
  this.timeout(120_000);

  it('set --json: values, files and the .reg text; show reports the direct registration', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'cli-kms');
    const out = runCli(['kms', 'client', 'set', image, '--host', 'kms01.corp.example:1700', '--no-host-caching', '--json']);
    const doc = parseJsonOutput<KmsClientResult>(out);
    assert.equal(out.status, 0, out.stderr);
    assert.equal(doc.status, 0);
    assert.deepEqual(
      doc.result?.values.map((v) => `${v.value}=${v.after ?? '-'}`),
      ['KeyManagementServiceName=kms01.corp.example', 'KeyManagementServicePort=1700', 'DisableKeyManagementServiceHostCaching=1'],
    );
    assert.equal(doc.result?.image.keyPath, `SOFTWARE\\${SPP}`);
    assert.match(doc.result?.reg ?? '', /"DisableKeyManagementServiceHostCaching"=dword:00000001/);

    const show = runCli(['kms', 'client', 'show', image, '--json']);
    const view = parseJsonOutput<KmsClientView>(show).result;
    assert.equal(view?.mode, 'direct');
    assert.equal(view?.host, 'kms01.corp.example');
    assert.equal(view?.port, '1700');
    assert.equal(view?.hostCaching, false);
    assert.equal(view?.answerFileKey, 'W269N-WFGWX-YVC9B-4J6C9-T83GX');

    const human = runCli(['kms', 'client', 'show', image]);
    assert.equal(human.status, 0);
    assert.match(human.stdout, /mode\s+direct registration: kms01\.corp\.example:1700/);
  });

  it('--auto, then show reports auto-discovery; clear --dry-run changes nothing', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'cli-kms-auto');
    assert.equal(runCli(['kms', 'client', 'set', image, '--host', 'kms01']).status, 0);
    const auto = runCli(['kms', 'client', 'set', image, '--auto']);
    assert.equal(auto.status, 0, auto.stderr);
    assert.match(auto.stdout, /KeyManagementServiceName\s+removed\s+kms01 → \(absent\)/);
    const show = runCli(['kms', 'client', 'show', image]);
    assert.match(show.stdout, /mode\s+auto-discovery/);
    const dry = runCli(['kms', 'client', 'clear', image, '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Files that would change \(image untouched\):\n {2}\(no file changes\)/);
  });

  it('--dry-run prints the exact .reg text and leaves the image as it was', async () => {
    const image = await copySample('win11-enterprise', 'sysprepped', 'cli-kms-dry');
    const hive = path.join(image, 'Windows/System32/config/SOFTWARE');
    const before = await fs.readFile(hive);
    const out = runCli(['kms', 'client', 'set', image, '--host', 'kms01.corp.example:1700', '--dry-run']);
    assert.equal(out.status, 0, out.stderr);
    assert.match(
      out.stdout,
      /Registry changes as a \.reg file:\n {2}Windows Registry Editor Version 5\.00\n {2}\n {2}\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform\]\n {2}"KeyManagementServiceName"="kms01\.corp\.example"\n {2}"KeyManagementServicePort"="1700"/,
    );
    assert.match(out.stdout, /replace\s+Windows\/System32\/config\/SOFTWARE/);
    assert.ok(before.equals(await fs.readFile(hive)));
  });

  it('bad values exit 3 with one line naming the flag and range; --json carries the error', async () => {
    const image = await sample('win10-pro', 'sysprepped');
    for (const [args, pattern] of [
      [['--host', 'bad_host!:1688'], /^winprep: --host is not a valid host name or address/],
      [['--host', 'kms01.corp.example:70000'], /^winprep: --host port must be a whole number from 1 to 65535 \(got "70000"\)/],
    ] as [string[], RegExp][]) {
      const out = runCli(['kms', 'client', 'set', image, ...args]);
      assert.equal(out.status, 3, `${args.join(' ')}: ${out.stderr}`);
      assert.match(out.stderr, pattern);
      assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace');
    }
    const json = runCli(['kms', 'client', 'set', image, '--host', 'kms01:0', '--json']);
    const doc = parseJsonOutput(json);
    assert.equal(json.status, 3);
    assert.equal(doc.status, 3);
    assert.equal(doc.error?.code, 'BAD_PORT');
  });

  it('--key auto refuses an edition without a published GVLK (exit 3); --host with --auto is a usage error (exit 2)', async function () {
    requireTools(this, 'hivexregedit');
    const image = await copySample('win10-pro', 'sysprepped', 'cli-kms-edition');
    const reg = path.join(await sampleRoot(), `home-${process.pid}.reg`);
    // Turn the sample into a Home (Core) edition through the registry engine's own import.
    await fs.writeFile(reg, 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\r\n"EditionID"="Core"\r\n');
    const hive = path.join(image, 'Windows/System32/config/SOFTWARE');
    const edited = run('hivexregedit', ['--merge', '--prefix', 'HKEY_LOCAL_MACHINE\\SOFTWARE', hive, reg]);
    assert.equal(edited.status, 0, edited.stderr);
    const out = runCli(['kms', 'client', 'set', image, '--key', 'auto']);
    assert.equal(out.status, 3, out.stderr);
    assert.match(out.stderr, /--key auto: EditionID Core has no published GVLK/);
    assert.equal(runCli(['kms', 'client', 'set', image, '--host', 'kms01', '--auto']).status, 2);
  });

  it('works on a WIM image (read back through wimlib)', async function () {
    requireTools(this, 'wimlib-imagex', 'hivexsh');
    const wim = path.join(await sampleRoot(), `cli-kms-${process.pid}.wim`);
    await fs.copyFile(await sample('win10-pro', 'sysprepped', 'wim'), wim);
    const out = runCli(['kms', 'client', 'set', wim, '--index', '1', '--host', 'kms01.corp.example:1700']);
    assert.equal(out.status, 0, out.stderr);
    const dir = path.join(await sampleRoot(), `cli-kms-wim-${process.pid}`);
    await fs.mkdir(dir);
    execFileSync('wimlib-imagex', ['extract', wim, '1', '/Windows/System32/config/SOFTWARE', `--dest-dir=${dir}`, '--no-acls']);
    const listing = run('hivexsh', [path.join(dir, 'SOFTWARE')], `cd ${SPP}\nlsval\n`).stdout;
    assert.match(listing, /^"KeyManagementServiceName"="kms01\.corp\.example"$/m);
    assert.match(listing, /^"KeyManagementServicePort"="1700"$/m);
  });
});
