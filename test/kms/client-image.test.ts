import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {clearKmsClient, setKmsClient, showKmsClient} from '../../src/kms/index.js';
import {parseUnattend} from '../../src/unattend/index.js';
import {copySample, sample} from '../fixtures/samples.js';
import {requireTools, run} from '../helpers/tools.js';

const SPP = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const SL = 'Microsoft\\Windows NT\\CurrentVersion\\SL';
const SOFTWARE = 'Windows/System32/config/SOFTWARE';
const PANTHER = 'Windows/Panther/unattend.xml';
const SYSPREP = 'Windows/System32/Sysprep/unattend.xml';

/** hivexsh's listing of a key: `"Name"="text"` for REG_SZ, `"Name"=dword:…`, hex(7) for REG_MULTI_SZ. */
function lsval(hiveFile: string, key: string): string {
  const result = run('hivexsh', [hiveFile], `cd ${key}\nlsval\n`);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await fs.readFile(file)).digest('hex');
  }
  return out;
}

const badInput = (pattern: RegExp) => (error: unknown) => error instanceof WinprepError && error.exitCode === 3 && pattern.test(error.message);

describe('kms client on images', function () {
  this.timeout(120_000);

  it('writes host and port as REG_SZ under SoftwareProtectionPlatform (Windows 10), read back by hivex; --auto removes both', async function () {
    requireTools(this, 'hivexsh');
    const image = await copySample('win10-pro', 'sysprepped', 'kms-w10');
    const result = await setKmsClient(image, {host: 'kms01.corp.example:1700'});
    assert.equal(result.image.generation, 'spp');
    assert.deepEqual(result.files.map((f) => f.path), [SOFTWARE]);
    const listing = lsval(path.join(image, SOFTWARE), SPP);
    assert.match(listing, /^"KeyManagementServiceName"="kms01\.corp\.example"$/m);
    assert.match(listing, /^"KeyManagementServicePort"="1700"$/m);

    const view = await showKmsClient(image);
    assert.equal(view.mode, 'direct');
    assert.equal(view.effectivePort, 1700);

    await setKmsClient(image, {auto: true});
    assert.doesNotMatch(lsval(path.join(image, SOFTWARE), SPP), /KeyManagementService(Name|Port)/);
    const auto = await showKmsClient(image);
    assert.equal(auto.mode, 'auto');
    assert.equal(auto.host, undefined);
    assert.equal(auto.effectivePort, 1688);
  });

  it('writes under SL on Vista, also inside a tar image', async function () {
    requireTools(this, 'hivexsh', 'tar');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-kms-vista-'));
    try {
      const tarball = path.join(dir, 'vista.tar');
      await fs.copyFile(await sample('vista-business', 'sysprepped', 'tar'), tarball);
      const result = await setKmsClient(tarball, {host: '[2001:db8::10]:1700', hostCaching: false});
      assert.equal(result.image.generation, 'sl');
      assert.match(result.warnings.join('\n'), /host caching cannot be configured on Vista/);
      const hive = path.join(dir, 'SOFTWARE');
      await fs.writeFile(hive, execFileSync('tar', ['-xOf', tarball, SOFTWARE], {maxBuffer: 1 << 26}));
      const listing = lsval(hive, SL);
      assert.match(listing, /^"KeyManagementServiceName"="2001:db8::10"$/m);
      assert.match(listing, /^"KeyManagementServicePort"="1700"$/m);
      assert.doesNotMatch(lsval(hive, 'Microsoft\\Windows NT\\CurrentVersion'), /SoftwareProtectionPlatform/);
    } finally {
      await fs.rm(dir, {recursive: true, force: true});
    }
  });

  it('--key auto merges the Enterprise GVLK into the answer file, losing nothing else', async () => {
    const image = await copySample('win11-enterprise', 'sysprepped', 'kms-w11');
    const before = (await fs.readFile(path.join(image, PANTHER), 'utf8')).replace(/<ProductKey>[^<]*<\/ProductKey>/, '<ProductKey/>');
    // Start from another key so the merge visibly replaces it.
    await fs.writeFile(path.join(image, PANTHER), before.replace('<ProductKey/>', '<ProductKey>W269N-WFGWX-YVC9B-4J6C9-T83GX</ProductKey>'));
    const result = await setKmsClient(image, {key: 'auto'});
    assert.equal(result.productKey?.key, 'NPPR9-FWDCX-D2C8J-H872K-2YT43');
    assert.equal(result.productKey?.previous, 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
    assert.equal(result.productKey?.componentsBefore, result.productKey?.componentsAfter);
    assert.deepEqual(result.values, []);
    assert.deepEqual(result.files.map((f) => f.path), [PANTHER]);
    const after = await fs.readFile(path.join(image, PANTHER), 'utf8');
    assert.equal(after.replace(/<ProductKey>[^<]*<\/ProductKey>/, '<ProductKey/>'), before);
    const doc = parseUnattend(after);
    assert.equal(doc.getSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ProductKey'], 'amd64'), 'NPPR9-FWDCX-D2C8J-H872K-2YT43');
    assert.equal((await showKmsClient(image)).answerFileKey, 'NPPR9-FWDCX-D2C8J-H872K-2YT43');
  });

  it('without a Panther copy, merges into Sysprep\\unattend.xml (a new Panther file would outrank it)', async () => {
    const image = await copySample('server2022-datacenter', 'sysprepped', 'kms-sysprep');
    await fs.rm(path.join(image, PANTHER));
    const sysprepBefore = parseUnattend(await fs.readFile(path.join(image, SYSPREP)));
    const result = await setKmsClient(image, {key: 'auto'});
    assert.equal(result.productKey?.answerFile, SYSPREP);
    assert.equal(result.productKey?.key, 'WX4NM-KYWYW-QJJR4-XV3QB-6VM33');
    assert.equal(await fs.stat(path.join(image, PANTHER)).catch(() => undefined), undefined, 'no Panther file was created');
    const doc = parseUnattend(await fs.readFile(path.join(image, SYSPREP)));
    assert.equal(doc.getSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ProductKey'], 'amd64'), 'WX4NM-KYWYW-QJJR4-XV3QB-6VM33');
    const names = (d: typeof doc): string[] => d.components().map((c) => `${c.pass}/${c.name}/${c.arch}`);
    assert.ok(names(sysprepBefore).every((n) => names(doc).includes(n)), 'every component is still there');
    assert.equal((await showKmsClient(image)).answerFile, SYSPREP);
  });

  it('creates Panther\\unattend.xml from the template when the image has no answer file', async () => {
    const image = await copySample('server2022-datacenter', 'sysprepped', 'kms-srv');
    await fs.rm(path.join(image, PANTHER));
    await fs.rm(path.join(image, SYSPREP));
    const result = await setKmsClient(image, {key: 'auto'});
    assert.equal(result.productKey?.createdAnswerFile, true);
    assert.equal(result.productKey?.answerFile, PANTHER);
    const doc = parseUnattend(await fs.readFile(path.join(image, PANTHER)));
    assert.deepEqual(doc.components().map((c) => `${c.pass}/${c.name}/${c.arch}`), ['specialize/Microsoft-Windows-Shell-Setup/amd64']);
  });

  it('follows SYSTEM\\Setup\\UnattendFile when it names a file in the image', async function () {
    requireTools(this, 'hivexregedit');
    const image = await copySample('win10-pro', 'sysprepped', 'kms-registered');
    const reg = path.join(image, 'unattendfile.reg');
    await fs.writeFile(reg, 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Setup]\r\n"UnattendFile"="C:\\\\Deploy\\\\site.xml"\r\n');
    const merged = run('hivexregedit', ['--merge', '--prefix', 'HKEY_LOCAL_MACHINE\\SYSTEM', path.join(image, 'Windows/System32/config/SYSTEM'), reg]);
    assert.equal(merged.status, 0, merged.stderr);
    await fs.rm(reg);
    const result = await setKmsClient(image, {key: 'auto'});
    assert.equal(result.productKey?.answerFile, 'Deploy/site.xml');
    assert.equal(result.productKey?.createdAnswerFile, true);
    const doc = parseUnattend(await fs.readFile(path.join(image, 'Deploy', 'site.xml')));
    assert.equal(doc.getSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ProductKey']), 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
  });

  it('warns that a never-generalized image runs no specialize pass, and about an inherited cached KMS host', async () => {
    const image = await copySample('win10-pro', 'captured-without-sysprep', 'kms-processed');
    const result = await setKmsClient(image, {key: 'auto'});
    assert.match(result.warnings.join('\n'), /not generalized, so no specialize pass runs at its first boot: the key in Windows\/System32\/Sysprep\/unattend\.xml/);
    const view = await showKmsClient(image);
    assert.equal(view.cachedHost, 'kms01.corp.example.com');
    assert.equal(view.cachedPort, '1688');
    assert.match(view.warnings.join('\n'), /cached KMS host \(kms01\.corp\.example\.com\)/);
  });

  it('refuses bad values and a malformed answer file with exit 3, writing nothing', async () => {
    const image = await copySample('win11-enterprise', 'sysprepped', 'kms-bad');
    await fs.writeFile(path.join(image, PANTHER), '<?xml version="1.0"?>\n<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<settings pass="specialize">\n</unattend>\n');
    const before = await hashTree(image);
    await assert.rejects(setKmsClient(image, {host: 'kms01.corp.example:70000'}), badInput(/--host port must be a whole number from 1 to 65535/));
    await assert.rejects(setKmsClient(image, {key: 'W269N-WFGWX-YVC9B-4J6C9-T83GX'}), badInput(/not of this image/));
    await assert.rejects(setKmsClient(image, {host: 'kms01', key: 'auto'}), badInput(/Windows\/Panther\/unattend\.xml: malformed answer file at line 3/));
    assert.deepEqual(await hashTree(image), before);
  });

  it('--dry-run reports the .reg text and file changes and leaves every file as it was', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'kms-dry');
    const before = await hashTree(image);
    const result = await setKmsClient(image, {host: 'kms01.corp.example', lookupDomain: 'corp.example', key: 'auto', dryRun: true});
    assert.equal(result.dryRun, true);
    // The sample's answer file already holds the Pro GVLK: reported, but not rewritten.
    assert.deepEqual(result.files.map((f) => f.path), [SOFTWARE]);
    assert.equal(result.productKey?.previous, 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
    assert.match(result.reg, /"KeyManagementServiceName"="kms01\.corp\.example"\r\n"KeyManagementServicePort"=-\r\n"KeyManagementServiceLookupDomain"="corp\.example"/);
    assert.deepEqual(await hashTree(image), before);
  });

  it('is idempotent: a second identical run changes no file', async () => {
    const image = await copySample('win11-enterprise', 'sysprepped', 'kms-again');
    await setKmsClient(image, {host: 'kms01.corp.example:1700', key: 'auto'});
    const before = await hashTree(image);
    const second = await setKmsClient(image, {host: 'kms01.corp.example:1700', key: 'auto'});
    assert.ok(second.values.every((v) => !v.changed));
    assert.deepEqual(second.files, []);
    assert.deepEqual(await hashTree(image), before);
  });

  it('warns that per-product host overrides survive --auto', async function () {
    requireTools(this, 'hivexregedit');
    const image = await copySample('win10-pro', 'sysprepped', 'kms-override');
    const reg = path.join(image, 'override.reg');
    await fs.writeFile(reg, `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\${SPP}\\55c92734-d682-4d71-983e-d6ec3f16059f]\r\n"KeyManagementServiceName"="kms-win.corp.example"\r\n`);
    const merged = run('hivexregedit', ['--merge', '--prefix', 'HKEY_LOCAL_MACHINE\\SOFTWARE', path.join(image, SOFTWARE), reg]);
    assert.equal(merged.status, 0, merged.stderr);
    await fs.rm(reg);
    const result = await setKmsClient(image, {auto: true});
    assert.match(result.warnings.join('\n'), /per-product KMS host overrides .*55c92734-d682-4d71-983e-d6ec3f16059f: kms-win\.corp\.example/);
    assert.match((await showKmsClient(image)).warnings.join('\n'), /kms-win\.corp\.example/);
  });

  it('clear returns the client to auto-discovery with caching on', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'kms-clear');
    await setKmsClient(image, {host: 'kms01:1700', hostCaching: false});
    assert.equal((await showKmsClient(image)).hostCaching, false);
    const cleared = await clearKmsClient(image);
    assert.deepEqual(cleared.values.filter((v) => v.changed).map((v) => v.value), ['KeyManagementServiceName', 'KeyManagementServicePort', 'DisableKeyManagementServiceHostCaching']);
    const view = await showKmsClient(image);
    assert.equal(view.mode, 'auto');
    assert.equal(view.hostCaching, true);
  });
});
