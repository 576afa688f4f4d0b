import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {configureKmsHost} from '../../src/kms/index.js';
import {copySample, sampleRoot} from '../fixtures/samples.js';
import {requireTools, run} from '../helpers/tools.js';
import {HOST_OPTIONS} from './host-options.js';

const SPP = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const SOFTWARE = 'Windows/System32/config/SOFTWARE';
const SCRIPTS = 'Windows/Setup/Scripts';
const HOST_KEY = 'BCDFG-HJKMP-QRTVW-XY234-6789B';

function lsval(hiveFile: string, key: string): string {
  const result = run('hivexsh', [hiveFile], `cd ${key}\nlsval\n`);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('kms host on images', function () {
  this.timeout(120_000);
  let keyFile: string;

  before(async () => {
    keyFile = path.join(await sampleRoot(), `csvlk-${process.pid}.txt`);
    await fs.writeFile(keyFile, `${HOST_KEY}\n`);
  });

  it('writes every host value with its type, read back by hivex', async function () {
    requireTools(this, 'hivexsh');
    const image = await copySample('server2022-datacenter', 'sysprepped', 'kms-host');
    const result = await configureKmsHost(image, HOST_OPTIONS);
    assert.deepEqual(result.files.map((f) => f.path), [SOFTWARE]);
    const listing = lsval(path.join(image, SOFTWARE), SPP);
    assert.match(listing, /^"KeyManagementServiceListeningPort"="1700"$/m);
    assert.match(listing, /^"DisableDnsPublishing"=dword:00000001$/m);
    assert.match(listing, /^"EnableKmsLowPriority"=dword:00000001$/m);
    assert.match(listing, /^"VLActivationInterval"=dword:0000003c$/m);
    assert.match(listing, /^"VLRenewalInterval"=dword:00004ec0$/m);
    const multi = /^"DnsDomainPublishList"=hex\(7\):([0-9a-f,]+)$/m.exec(listing);
    assert.ok(multi, listing);
    const text = Buffer.from(multi[1].split(',').map((b) => parseInt(b, 16))).toString('utf16le');
    assert.equal(text, 'a.example, 0, 100\u0000b.example\u0000\u0000');
  });

  it('with a host key: SetupComplete installs it at first boot; the key is only in the key file', async () => {
    const image = await copySample('server2019-standard', 'sysprepped', 'kms-hostkey');
    const scripts = path.join(image, ...SCRIPTS.split('/'));
    await fs.mkdir(scripts, {recursive: true});
    await fs.writeFile(path.join(scripts, 'SetupComplete.cmd'), '@echo off\r\ncall C:\\site\\post.cmd\r\n');
    const result = await configureKmsHost(image, {hostKeyFile: keyFile});
    assert.equal(result.hostKeyTail, '6789B');
    assert.ok(!JSON.stringify(result).includes(HOST_KEY.slice(0, 23)), 'the result never holds the key');
    assert.deepEqual(result.files.map((f) => `${f.action} ${f.path}`).sort(), [
      `create ${SCRIPTS}/winprep-kms-host.cmd`,
      `create ${SCRIPTS}/winprep-kms-host.key`,
      `replace ${SCRIPTS}/SetupComplete.cmd`,
    ]);
    const setupComplete = await fs.readFile(path.join(scripts, 'SetupComplete.cmd'), 'latin1');
    assert.match(setupComplete, /^@echo off\r\nrem >>> winprep kms-host.*\r\nif exist "%~dp0winprep-kms-host\.cmd" call/);
    assert.ok(setupComplete.endsWith('call C:\\site\\post.cmd\r\n'));
    assert.equal(await fs.readFile(path.join(scripts, 'winprep-kms-host.key'), 'latin1'), `${HOST_KEY}\r\n`);
    const firstBoot = await fs.readFile(path.join(scripts, 'winprep-kms-host.cmd'), 'latin1');
    assert.ok(!firstBoot.includes(HOST_KEY));
    assert.match(firstBoot, /\/ipk %KMSHOSTKEY%/);

    const again = await configureKmsHost(image, {hostKeyFile: keyFile});
    assert.deepEqual(again.files, []);
  });

  it('refuses bad values with exit 3 before touching the image', async () => {
    const image = await copySample('server2022-datacenter', 'sysprepped', 'kms-host-bad');
    const before = await fs.readFile(path.join(image, SOFTWARE));
    const cases: [Record<string, string | string[]>, RegExp][] = [
      [{port: '70000'}, /--port must be a whole number from 1 to 65535/],
      [{activationInterval: '14'}, /--activation-interval must be a whole number of minutes from 15 to 43200/],
      [{renewalInterval: '43201'}, /--renewal-interval .*15 to 43200/],
      [{publishDomains: ['a.example,0,70000']}, /--publish-domain must be domain\[,priority,weight\]/],
      [{hostKeyFile: path.join(image, 'nope.txt')}, /--host-key-file cannot be read/],
    ];
    for (const [options, pattern] of cases) {
      await assert.rejects(configureKmsHost(image, options), (e: unknown) => e instanceof WinprepError && e.exitCode === 3 && pattern.test(e.message));
    }
    assert.ok(before.equals(await fs.readFile(path.join(image, SOFTWARE))));
  });
});
