import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import type {HostScriptsResult, KmsHostResult} from '../../src/kms/index.js';
import {copySample, sampleRoot} from '../fixtures/samples.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';

const SPP = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const HOST_KEY = 'BCDFG-HJKMP-QRTVW-XY234-6789B';

describe('winprep kms host', function () {
  this.timeout(120_000);
  let keyFile: string;

  before(async () => {
    keyFile = path.join(await sampleRoot(), `cli-csvlk-${process.pid}.txt`);
    await fs.writeFile(keyFile, `${HOST_KEY}\n`);
  });

  it('configure with two publish domains and a host key: values read back by hivex, key never printed', async function () {
    requireTools(this, 'hivexsh');
    const image = await copySample('server2022-datacenter', 'sysprepped', 'cli-host');
    const args = ['kms', 'host', 'configure', image, '--port', '1700', '--dns-publishing', 'off', '--publish-domain', 'a.example,0,100', '--publish-domain', 'b.example'];
    args.push('--low-priority', 'on', '--activation-interval', '60', '--renewal-interval', '20160', '--host-key-file', keyFile);
    const out = runCli([...args, '--json']);
    assert.equal(out.status, 0, out.stderr);
    assert.ok(!out.stdout.includes(HOST_KEY) && !out.stderr.includes(HOST_KEY), 'the host key is never echoed');
    const doc = parseJsonOutput<KmsHostResult>(out);
    assert.equal(doc.result?.hostKeyTail, '6789B');
    assert.ok(doc.result?.files.some((f) => f.path === 'Windows/Setup/Scripts/SetupComplete.cmd'));
    const listing = run('hivexsh', [path.join(image, 'Windows/System32/config/SOFTWARE')], `cd ${SPP}\nlsval\n`).stdout;
    for (const line of ['"KeyManagementServiceListeningPort"="1700"', '"DisableDnsPublishing"=dword:00000001', '"EnableKmsLowPriority"=dword:00000001', '"VLActivationInterval"=dword:0000003c', '"VLRenewalInterval"=dword:00004ec0']) {
      assert.ok(listing.includes(line), `${line} in\n${listing}`);
    }
    assert.match(listing, /^"DnsDomainPublishList"=hex\(7\):/m);
  });

  it('bad values exit 3 naming the flag and range; also for on/off', async () => {
    const image = await copySample('server2022-datacenter', 'sysprepped', 'cli-host-bad');
    const interval = runCli(['kms', 'host', 'configure', image, '--renewal-interval', '43201']);
    assert.equal(interval.status, 3);
    assert.match(interval.stderr, /^winprep: --renewal-interval must be a whole number of minutes from 15 to 43200 \(got "43201"\)$/m);
    const onOff = runCli(['kms', 'host', 'configure', image, '--dns-publishing', 'maybe']);
    assert.equal(onOff.status, 3);
    assert.match(onOff.stderr, /--dns-publishing must be on or off/);
  });

  it('script writes .cmd, .ps1 and .reg; --json lists them and the steps', async () => {
    const outDir = path.join(await sampleRoot(), `cli-scripts-${process.pid}`);
    const out = runCli(['kms', 'host', 'script', '--host-key-file', keyFile, '--activation', 'phone', '--generation', 'sl', '--publish-domain', 'a.example', '--out-dir', outDir, '--json']);
    assert.equal(out.status, 0, out.stderr);
    assert.ok(!out.stdout.includes(HOST_KEY));
    const result = parseJsonOutput<HostScriptsResult>(out).result;
    assert.equal(result?.service, 'slsvc');
    assert.deepEqual(result?.steps, [`install the KMS host key from ${path.basename(keyFile)}`, 'activate by telephone (slui.exe 4)', 'publish in a.example', 'restart slsvc']);
    const cmd = await fs.readFile(path.join(outDir, 'kms-host.cmd'), 'latin1');
    assert.match(cmd, /slui\.exe 4\r\n/);
    assert.match(cmd, /net start slsvc\r\n/);
  });
});
