/**
 * Trustworthy verdicts (issue 12, items 4–7 and 9), end to end on sample images changed with the real tools:
 * hivexregedit writes the cases, hivexget reads back what winprep wrote, python's ElementTree parses answer files.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import type {ImageFacts} from '../../src/facts/facts.js';
import {IMAGE_PATHS} from '../../src/image/types.js';
import type {ValidationReport} from '../../src/validate/types.js';
import {copySample} from '../fixtures/samples.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools} from '../helpers/tools.js';

const at = (image: string, inner: string): string => path.join(image, ...inner.split('/'));

function run(command: string, args: string[]): {status: number; stdout: string; stderr: string} {
  const result = spawnSync(command, args, {encoding: 'utf8'});
  return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr};
}

/** Merge .reg text into a hive with hivexregedit (the independent writer). */
async function merge(image: string, hive: string, prefix: string, body: string): Promise<void> {
  const file = `${at(image, hive)}.merge.reg`;
  await fs.writeFile(file, `Windows Registry Editor Version 5.00\r\n\r\n${body.replace(/\n/g, '\r\n')}`);
  const result = run('hivexregedit', ['--merge', '--prefix', prefix, at(image, hive), file]);
  await fs.rm(file);
  assert.equal(result.status, 0, result.stderr);
}

const hivexget = (image: string, hive: string, key: string, value: string) => run('hivexget', [at(image, hive), key, value]);

const findings = (report: ValidationReport, id: string) => report.rules.find((r) => r.id === id)?.findings ?? [];

function validate(image: string, ...args: string[]): {status: number; report: ValidationReport} {
  const doc = parseJsonOutput<ValidationReport>(runCli(['image', 'validate', image, '--json', ...args]));
  return {status: doc.status, report: doc.result!};
}

function inspect(image: string): ImageFacts {
  const doc = parseJsonOutput<ImageFacts>(runCli(['image', 'inspect', image, '--json']));
  assert.equal(doc.status, 0);
  return doc.result!;
}

/** A binary S-1-5-21-3569595041-1144201745-2289526357 and the domain name CORP, as LSA stores them. */
const DOMAIN_JOIN = `[HKEY_LOCAL_MACHINE\\SECURITY\\Policy\\PolPrDmS]
@=hex(0):01,04,00,00,00,00,00,05,15,00,00,00,a1,b2,c3,d4,11,22,33,44,55,66,77,88

[HKEY_LOCAL_MACHINE\\SECURITY\\Policy\\PolPrDmN]
@=hex(0):08,00,0a,00,08,00,00,00,43,00,4f,00,52,00,50,00
`;

describe('trustworthy verdicts: domain membership and enrollments', () => {
  it('a domain-joined reference fails validation (WP035 error) and inspect shows the domain', async function () {
    requireTools(this, 'hivexregedit');
    const image = await copySample('win10-pro', 'sysprepped', 'domain');
    assert.equal(validate(image).status, 0, 'the workgroup sample is fit');
    assert.equal(inspect(image).membership?.domainJoined, false);
    await merge(image, IMAGE_PATHS.securityHive, 'HKEY_LOCAL_MACHINE\\SECURITY', DOMAIN_JOIN);

    const {status, report} = validate(image);
    assert.equal(status, 4);
    const [finding] = findings(report, 'WP035');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /joined to domain CORP, SID S-1-5-21-3569595041-1144201745-2289526357/);
    const facts = inspect(image);
    assert.deepEqual([facts.membership?.domainJoined, facts.membership?.primaryDomainName], [true, 'CORP']);
    assert.match(runCli(['image', 'inspect', image]).stdout, /domain +JOINED to CORP/);
  });

  it('computer-name does not rename a domain-joined image unless --rename-domain-joined', async function () {
    requireTools(this, 'hivexregedit', 'hivexget', 'python3');
    const image = await copySample('win10-pro', 'captured-without-sysprep', 'domain-name');
    await merge(image, IMAGE_PATHS.securityHive, 'HKEY_LOCAL_MACHINE\\SECURITY', DOMAIN_JOIN);
    const nameKey = 'ControlSet001\\Control\\ComputerName\\ComputerName';

    const skipped = parseJsonOutput<{operations: {name: string; status: string; notes: string[]}[]}>(runCli(['image', 'generalize', image, '--json']));
    assert.equal(skipped.status, 0);
    const op = skipped.result!.operations.find((o) => o.name === 'computer-name')!;
    assert.equal(op.status, 'not-applicable');
    assert.match(op.notes.join(' '), /joined to domain CORP.*--rename-domain-joined/);
    assert.equal(hivexget(image, IMAGE_PATHS.systemHive, nameKey, 'ComputerName').stdout.trim(), 'REFPC-01');

    const renamed = runCli(['image', 'generalize', image, '--rename-domain-joined', '--operations', 'computer-name']);
    assert.equal(renamed.status, 0, renamed.stderr);
    assert.equal(hivexget(image, IMAGE_PATHS.systemHive, nameKey, 'ComputerName').stdout.trim(), 'WINPREP-SEALED');
    // The answer file specialize reads now asks for a random name: read back by a real XML parser.
    const py = run('python3', [
      '-c',
      "import sys,xml.etree.ElementTree as E;N='{urn:schemas-microsoft-com:unattend}';r=E.parse(sys.argv[1]).getroot();print([e.text for s in r.findall(N+'settings') if s.get('pass')=='specialize' for e in s.iter(N+'ComputerName')])",
      at(image, IMAGE_PATHS.sysprepUnattend),
    ]);
    assert.equal(py.stdout.trim(), "['*']", py.stderr);
  });

  it('MDM enrollment, SMSCFG.INI and Defender onboarding are warnings naming what clones would share', async function () {
    requireTools(this, 'hivexregedit');
    const image = await copySample('win10-pro', 'sysprepped', 'enrolled');
    await merge(
      image,
      IMAGE_PATHS.softwareHive,
      'HKEY_LOCAL_MACHINE\\SOFTWARE',
      `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Enrollments]

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Enrollments\\FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF]
"EnrollmentState"=dword:00000001
"EnrollmentType"=dword:00000000

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Enrollments\\18DCFFD4-37D6-4BC6-87E0-4266FDBB8E49]
"EnrollmentState"=dword:00000001
"ProviderID"="MS DM Server"
"UPN"="ref@corp.example"

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Advanced Threat Protection]

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Advanced Threat Protection\\Status]
"OnboardingState"=dword:00000001
"OrgId"="0f0e0d0c-0b0a-0908-0706-050403020100"
`,
    );
    await fs.writeFile(at(image, 'Windows/SMSCFG.INI'), '[Configuration - Client Properties]\r\nSMS Unique Identifier=GUID:3B4A1C2D-0000-4E5F-8A9B-0C1D2E3F4A5B\r\n');

    const {status, report} = validate(image);
    assert.equal(status, 0, 'inferred facts may warn, never fail');
    const mdm = findings(report, 'WP036');
    assert.equal(mdm.length, 1, 'the default FFFFFFFF entry has no provider and is not an enrollment');
    assert.match(mdm[0].message, /18DCFFD4-37D6-4BC6-87E0-4266FDBB8E49 \(provider MS DM Server\)/);
    assert.match(findings(report, 'WP037')[0].message, /SMS Unique Identifier GUID:3B4A1C2D-0000-4E5F-8A9B-0C1D2E3F4A5B/);
    assert.match(findings(report, 'WP038')[0].message, /onboarded to Defender for Endpoint/);
    for (const id of ['WP036', 'WP037', 'WP038']) assert.equal(findings(report, id)[0].severity, 'warning', id);
    assert.equal(validate(image, '--strict').status, 4);
    const text = runCli(['image', 'inspect', image]).stdout;
    assert.match(text, /MDM enrollment +18DCFFD4/);
    assert.match(text, /ConfigMgr client +Windows\/SMSCFG\.INI: GUID:3B4A1C2D/);
    assert.match(text, /Defender \(MDE\) +onboarded/);
  });
});

describe('trustworthy verdicts: the Windows 8.1+ KMS cache', () => {
  it('inspect and WP034 find the Windows and Office per-application caches; generalize clears both', async function () {
    requireTools(this, 'hivexregedit', 'hivexget');
    const image = await copySample('win10-pro', 'captured-without-sysprep', 'cache81');
    const spp = 'Software\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
    await merge(
      image,
      IMAGE_PATHS.networkServiceHive,
      'HKEY_USERS\\S-1-5-20',
      `[HKEY_USERS\\S-1-5-20\\${spp}\\0ff1ce15-a989-479d-af46-f275c6370663]
"DiscoveredKeyManagementServiceName"="kms-office.corp.example"
"DiscoveredKeyManagementServicePort"="1688"
`,
    );
    const caches = inspect(image).licensing.cachedKmsHosts ?? [];
    assert.deepEqual(
      caches.map((c) => [c.application, c.host]),
      [
        ['windows', 'kms01.corp.example.com'],
        ['office', 'kms-office.corp.example'],
      ],
    );
    const wp034 = findings(validate(image).report, 'WP034');
    assert.equal(wp034.length, 2);
    assert.match(wp034[1].message, /kms-office\.corp\.example:1688 \(office cache\)/);

    assert.equal(runCli(['image', 'generalize', image]).status, 0);
    for (const app of ['55c92734-d682-4d71-983e-d6ec3f16059f', '0ff1ce15-a989-479d-af46-f275c6370663']) {
      for (const value of ['DiscoveredKeyManagementServiceName', 'DiscoveredKeyManagementServicePort', 'DiscoveredKeyManagementServiceIpAddress']) {
        assert.notEqual(hivexget(image, IMAGE_PATHS.networkServiceHive, `${spp}\\${app}`, value).status, 0, `${app} ${value} survived`);
      }
    }
    assert.deepEqual(findings(validate(image).report, 'WP034'), []);
  });
});

describe('trustworthy verdicts: the key channel', () => {
  it('only BackupProductKeyDefault: the channel is "unknown" and WP040 warns why', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'channel');
    for (const inner of [IMAGE_PATHS.pantherUnattend, IMAGE_PATHS.sysprepUnattend]) {
      const text = await fs.readFile(at(image, inner), 'utf8');
      await fs.writeFile(at(image, inner), text.replace(/<ProductKey>[^<]*<\/ProductKey>/g, ''));
    }
    const facts = inspect(image);
    assert.equal(facts.licensing.keyChannel, 'unknown');
    assert.match(facts.licensing.keyChannelNote ?? '', /BackupProductKeyDefault.*slmgr \/cpky/);
    const {status, report} = validate(image);
    assert.equal(status, 0, 'an unknown channel warns, it does not fail');
    const [finding] = findings(report, 'WP040');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /channel is unknown/);
    assert.match(runCli(['image', 'inspect', image]).stdout, /key channel +unknown: only BackupProductKeyDefault holds a GVLK/);
  });
});

/** A 1272-byte DigitalProductId4 whose channel string (UTF-16LE at 0x3F8) is `channel`. */
function productId4(channel: string): string {
  const data = Buffer.alloc(1272);
  data.writeUInt32LE(1272, 0);
  data.write(channel, 0x3f8, 'utf16le');
  return [...data].map((b) => b.toString(16).padStart(2, '0')).join(',');
}

describe('trustworthy verdicts: the recorded channel', () => {
  it('a MAK recorded in DigitalProductId4 is reported, but only as a warning (its layout is inferred)', async function () {
    requireTools(this, 'hivexregedit');
    const image = await copySample('win10-pro', 'sysprepped', 'dpid4');
    for (const inner of [IMAGE_PATHS.pantherUnattend, IMAGE_PATHS.sysprepUnattend]) {
      const text = await fs.readFile(at(image, inner), 'utf8');
      await fs.writeFile(at(image, inner), text.replace(/<ProductKey>[^<]*<\/ProductKey>/g, ''));
    }
    await merge(
      image,
      IMAGE_PATHS.softwareHive,
      'HKEY_LOCAL_MACHINE\\SOFTWARE',
      `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"DigitalProductId4"=hex:${productId4('Volume:MAK')}\n`,
    );
    const facts = inspect(image);
    assert.deepEqual([facts.licensing.keyChannel, facts.licensing.keyChannelSource], ['mak', 'registry-channel']);
    const {status, report} = validate(image);
    assert.equal(status, 0);
    const [finding] = findings(report, 'WP040');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /recorded as a MAK key/);
    assert.equal(finding.location?.value, 'DigitalProductId4');
  });
});

describe('trustworthy verdicts: Windows 11 is named by build', () => {
  it('inspect and the WDS rule say Windows 11, not the registry\'s "Windows 10"', async () => {
    const image = await copySample('win11-enterprise', 'sysprepped', 'win11');
    const facts = inspect(image);
    assert.equal(facts.os.productName, 'Windows 10 Enterprise');
    assert.equal(facts.os.displayName, 'Windows 11 Enterprise');
    assert.match(runCli(['image', 'inspect', image]).stdout, /product +Windows 11 Enterprise \(registry ProductName "Windows 10 Enterprise"\)/);
    const wds = validate(image, '--for', 'wds').report;
    assert.match(findings(wds, 'WP080')[0].message, /^Windows 11 Enterprise: /);
    assert.equal(wds.os.name, 'Windows 11 Enterprise');
  });
});

describe('trustworthy verdicts: a KMS host key only where Setup will run it', () => {
  const KEY = 'BCDFG-HJKMP-QRTVW-XY234-6789B';

  async function listing(dir: string): Promise<string[]> {
    return (await fs.readdir(dir, {recursive: true})).map(String).sort();
  }

  it('an image that will not run Setup is refused with exit 4 and nothing is written', async () => {
    const image = await copySample('server2022-datacenter', 'captured-without-sysprep', 'host-refused');
    const keyFile = path.join(path.dirname(image), `hk-${process.pid}.txt`);
    await fs.writeFile(keyFile, `${KEY}\n`);
    const before = await listing(image);
    const doc = parseJsonOutput(runCli(['kms', 'host', 'configure', image, '--host-key-file', keyFile, '--json']));
    assert.equal(doc.status, 4);
    assert.equal(doc.error?.code, 'SETUP_WILL_NOT_RUN');
    assert.match(doc.error?.message ?? '', /ImageState is IMAGE_STATE_COMPLETE: Windows Setup will not run/);
    assert.doesNotMatch(JSON.stringify(doc), /HJKMP/);
    assert.deepEqual(await listing(image), before);
    const grep = run('grep', ['-rqs', '6789B', image]);
    assert.equal(grep.status, 1, 'the refused key is nowhere in the image');
    await fs.rm(keyFile);
  });

  it('a sysprepped host gets the key; the staged script deletes the key file right after /ipk; validate checks the role', async () => {
    const image = await copySample('server2022-datacenter', 'sysprepped', 'host-staged');
    const keyFile = path.join(path.dirname(image), `hk2-${process.pid}.txt`);
    await fs.writeFile(keyFile, `${KEY}\n`);
    const out = runCli(['kms', 'host', 'configure', image, '--host-key-file', keyFile]);
    assert.equal(out.status, 0, out.stderr);
    await fs.rm(keyFile);
    const script = await fs.readFile(at(image, 'Windows/Setup/Scripts/winprep-kms-host.cmd'), 'latin1');
    const ipk = script.indexOf('/ipk');
    const del = script.indexOf('del /f /q "%KEYFILE%"');
    const ato = script.indexOf('/ato');
    assert.ok(ipk > 0 && del > ipk && ato > del, 'the key file is deleted after /ipk and before activation');
    assert.ok(await fs.stat(at(image, 'Windows/Setup/Scripts/winprep-kms-host.key')));

    const host = validate(image, '--role', 'host');
    assert.equal(host.status, 0);
    assert.equal(findings(host.report, 'WP062')[0].severity, 'warning');
    const client = validate(image);
    assert.equal(client.status, 4);
    assert.equal(findings(client.report, 'WP062')[0].severity, 'error');
    assert.match(findings(client.report, 'WP063')[0].message, /a KMS host setup in a client image/);
  });

  it('a host key file left in an image that will not run Setup is an error even for a host', async () => {
    const image = await copySample('server2022-datacenter', 'captured-without-sysprep', 'host-left');
    await fs.mkdir(at(image, 'Windows/Setup/Scripts'), {recursive: true});
    await fs.writeFile(at(image, 'Windows/Setup/Scripts/winprep-kms-host.key'), `${KEY}\r\n`);
    await fs.writeFile(at(image, IMAGE_PATHS.setupComplete), '@echo off\r\ncall "%~dp0winprep-kms-host.cmd"\r\n');
    const {report} = validate(image, '--role', 'host');
    assert.match(findings(report, 'WP062')[0].message, /Windows Setup will not run/);
    assert.equal(findings(report, 'WP062')[0].severity, 'error');
    assert.equal(findings(report, 'WP063')[0].severity, 'error');
  });
});
