import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {mergeSetupComplete} from '../../src/kms/first-boot.js';
import {buildHostScripts} from '../../src/kms/host-scripts.js';
import {writeHostScripts} from '../../src/kms/host-script-files.js';
import {parseKmsHostOptions} from '../../src/kms/host-settings.js';
import {fillTemplate} from '../../src/kms/templates.js';
import {HOST_OPTIONS} from './host-options.js';

const settings = parseKmsHostOptions(HOST_OPTIONS);

/** Indexes of the first line matching each pattern, which must exist and be in order. */
function assertOrder(text: string, patterns: RegExp[]): void {
  const lines = text.split('\r\n');
  let last = -1;
  for (const pattern of patterns) {
    const at = lines.findIndex((line, i) => i > last && pattern.test(line));
    assert.ok(at > last, `${pattern} not found after line ${last}:\n${text}`);
    last = at;
  }
}

describe('kms host scripts', () => {
  it('.cmd: key install, online activation, settings, then the sppsvc restart', () => {
    const scripts = buildHostScripts(settings, {generation: 'spp', installKey: true, keyFileName: 'csvlk.txt'});
    assertOrder(scripts.cmd, [
      /^set "SLMGR=%windir%\\system32\\cscript\.exe \/\/nologo %windir%\\system32\\slmgr\.vbs"$/,
      /^for \/f "usebackq eol=# tokens=\*" %%K in \("%~dp0csvlk\.txt"\) do set "KMSHOSTKEY=%%K"$/,
      /^%SLMGR% \/ipk %KMSHOSTKEY% >nul$/,
      /^%SLMGR% \/ato$/,
      /^%SLMGR% \/sprt 1700$/,
      /^%SLMGR% \/cdns$/,
      /^reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform" \/v DnsDomainPublishList \/t REG_MULTI_SZ \/d "a\.example, 0, 100\\0b\.example" \/f >nul$/,
      /^%SLMGR% \/cpri$/,
      /^%SLMGR% \/sai 60$/,
      /^%SLMGR% \/sri 20160$/,
      /^net stop sppsvc$/,
      /^net start sppsvc$/,
      /^exit \/b 0$/,
      /^:failed$/,
    ]);
    assert.ok(!/[^\r]\n/.test(scripts.cmd), 'CRLF line ends');
    assert.equal(scripts.service, 'sppsvc');
  });

  it('.ps1: the same steps through Invoke-Slmgr, Set-ItemProperty and Restart-Service', () => {
    const scripts = buildHostScripts(settings, {generation: 'spp', installKey: true, keyFileName: 'csvlk.txt', activation: 'online'});
    assertOrder(scripts.ps1, [
      /^\s+\[string\]\$KeyFile = .*'csvlk\.txt'\)$/,
      /^Invoke-Slmgr @\('\/ipk', \$key\) -Quiet$/,
      /^Invoke-Slmgr @\('\/ato'\)$/,
      /^Invoke-Slmgr @\('\/sprt', '1700'\)$/,
      /^Invoke-Slmgr @\('\/cdns'\)$/,
      /-Name 'DnsDomainPublishList' -Type MultiString -Value @\('a\.example, 0, 100', 'b\.example'\)$/,
      /^Invoke-Slmgr @\('\/cpri'\)$/,
      /^Invoke-Slmgr @\('\/sai', '60'\)$/,
      /^Invoke-Slmgr @\('\/sri', '20160'\)$/,
      /^Restart-Service -Name 'sppsvc' -Force$/,
    ]);
  });

  it('telephone activation runs slui.exe 4; Vista/2008 restarts slsvc and writes bare domains under SL', () => {
    const vista = buildHostScripts(parseKmsHostOptions({publishDomains: ['a.example', 'b.example']}), {generation: 'sl', installKey: true, activation: 'phone'});
    assertOrder(vista.cmd, [/\/ipk/, /^start "" \/wait %windir%\\system32\\slui\.exe 4$/, /CurrentVersion\\SL" \/v DnsDomainPublishList .* \/d "a\.example\\0b\.example"/, /^net stop slsvc$/, /^net start slsvc$/]);
    assert.ok(!/\/ato/.test(vista.cmd));
    assert.match(vista.ps1, /Start-Process -FilePath \(Join-Path \$env:windir 'system32\\slui\.exe'\) -ArgumentList '4' -Wait/);
    assert.match(vista.ps1, /Restart-Service -Name 'slsvc' -Force/);
    assert.match(vista.reg, /^\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SL\]\r$/m);
  });

  it('without a host key there is no key install and no activation step', () => {
    const scripts = buildHostScripts(parseKmsHostOptions({port: 1700}), {generation: 'spp'});
    assert.ok(!/\/ipk|\/ato|slui/.test(scripts.cmd + scripts.ps1));
    assert.deepEqual(scripts.steps, ['listening port 1700', 'restart sppsvc']);
  });

  it('the .reg file carries the same host values', () => {
    const {reg} = buildHostScripts(settings, {generation: 'spp'});
    for (const line of ['"KeyManagementServiceListeningPort"="1700"', '"DisableDnsPublishing"=dword:00000001', '"EnableKmsLowPriority"=dword:00000001', '"VLActivationInterval"=dword:0000003c', '"VLRenewalInterval"=dword:00004ec0']) {
      assert.ok(reg.includes(`${line}\r\n`), line);
    }
    assert.match(reg, /"DnsDomainPublishList"=hex\(7\):/);
  });

  describe('writeHostScripts', () => {
    let dir: string;
    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-hostscripts-'));
      await fs.writeFile(path.join(dir, 'csvlk.txt'), 'BCDFG-HJKMP-QRTVW-XY234-6789B\n');
    });
    after(async () => {
      await fs.rm(dir, {recursive: true, force: true});
    });

    it('writes .cmd, .ps1 (UTF-8 BOM) and .reg (UTF-16LE BOM) without the key in any of them', async () => {
      const out = path.join(dir, 'out');
      const result = await writeHostScripts({hostKeyFile: path.join(dir, 'csvlk.txt'), port: '1700', outDir: out});
      assert.deepEqual(result.files.map((f) => path.basename(f.path)), ['kms-host.cmd', 'kms-host.ps1', 'kms-host.reg']);
      assert.equal(result.hostKeyTail, '6789B');
      assert.equal(result.keyFileName, 'csvlk.txt');
      const ps1 = await fs.readFile(path.join(out, 'kms-host.ps1'));
      assert.deepEqual([...ps1.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const reg = await fs.readFile(path.join(out, 'kms-host.reg'));
      assert.deepEqual([...reg.subarray(0, 2)], [0xff, 0xfe]);
      assert.match(reg.subarray(2).toString('utf16le'), /"KeyManagementServiceListeningPort"="1700"/);
      for (const f of result.files) {
        const text = (await fs.readFile(f.path)).toString(f.kind === 'reg' ? 'utf16le' : 'utf8');
        assert.ok(!text.includes('BCDFG') && !text.includes('6789B'), `${f.path} holds the key`);
      }
    });

    it('refuses to replace existing files without force', async () => {
      const out = path.join(dir, 'again');
      await writeHostScripts({port: '1700', outDir: out});
      await assert.rejects(writeHostScripts({port: '1701', outDir: out}), (e: unknown) => e instanceof WinprepError && e.exitCode === 2 && /--force/.test(e.message));
      await writeHostScripts({port: '1701', outDir: out, force: true});
      const reg = (await fs.readFile(path.join(out, 'kms-host.reg'))).toString('utf16le');
      assert.match(reg, /"1701"/);
    });

    it('creates a missing --out-dir, and refuses one that is a file (exit 3) before writing anything', async () => {
      const out = path.join(dir, 'new', 'scripts');
      const result = await writeHostScripts({port: '1700', outDir: out});
      assert.deepEqual(result.files.map((f) => path.basename(f.path)), ['kms-host.cmd', 'kms-host.ps1', 'kms-host.reg']);
      assert.deepEqual((await fs.readdir(out)).sort(), ['kms-host.cmd', 'kms-host.ps1', 'kms-host.reg']);
      const blocker = path.join(dir, 'blocker');
      await fs.writeFile(blocker, 'a file');
      await assert.rejects(writeHostScripts({port: '1700', outDir: blocker}), (e: unknown) => e instanceof WinprepError && e.exitCode === 3 && /blocker is not a folder$/.test(e.message));
      assert.equal(await fs.readFile(blocker, 'utf8'), 'a file');
    });
  });
});

describe('kms host first boot (SetupComplete.cmd)', () => {
  const block = fillTemplate('kms-host/setupcomplete-block.cmd', {SCRIPT: 'winprep-kms-host.cmd'});

  it('creates SetupComplete.cmd from the template, never restarting the computer', () => {
    const text = mergeSetupComplete(undefined, block);
    assert.ok(text.startsWith('@echo off\r\n'));
    assert.match(text, /^if exist "%~dp0winprep-kms-host\.cmd" call "%~dp0winprep-kms-host\.cmd"\r$/m);
    assert.match(text, /^if exist "%~dp0winprep-kms-host\.cmd" del \/f \/q "%~dp0winprep-kms-host\.cmd"\r$/m);
    const firstBoot = fillTemplate('kms-host/first-boot.cmd', {KEYFILE: 'winprep-kms-host.key'});
    for (const script of [text, firstBoot]) assert.ok(!/shutdown|\/r\b|restart-computer/i.test(script), 'SetupComplete must not reboot');
  });

  it('the first-boot script installs the key, deletes the key file, then activates', () => {
    const text = fillTemplate('kms-host/first-boot.cmd', {KEYFILE: 'winprep-kms-host.key'});
    assertOrder(text, [/^set "KEYFILE=%~dp0winprep-kms-host\.key"$/, /\/ipk %KMSHOSTKEY% >nul 2>&1$/, /^del \/f \/q "%KEYFILE%"$/, /\/ato >>"%LOG%" 2>&1$/, /^exit \/b 0$/]);
  });

  it('merges into an existing SetupComplete.cmd after @echo off, keeping every user line, and is idempotent', () => {
    const user = '@echo off\r\nrem site script\r\ncall C:\\site\\post.cmd\r\nexit /b 0\r\n';
    const once = mergeSetupComplete(user, block);
    assert.ok(once.startsWith('@echo off\r\nrem >>> winprep kms-host'));
    assert.ok(once.endsWith('rem site script\r\ncall C:\\site\\post.cmd\r\nexit /b 0\r\n'));
    assert.equal(mergeSetupComplete(once, block), once);
    const changed = mergeSetupComplete(once, block.replace(/winprep-kms-host\.cmd/g, 'other.cmd'));
    assert.equal(changed.match(/rem >>> winprep kms-host/g)?.length, 1);
    assert.match(changed, /other\.cmd/);
  });
});
