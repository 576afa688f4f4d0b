/**
 * Scripts for a KMS host that already runs: the same settings as `kms host configure`, as a .cmd of
 * cscript slmgr.vbs lines, a PowerShell script, and a .reg file (docs/reference/kms.md#host-scripts advises carrying
 * DnsDomainPublishList as a .reg). Order as the seed procedure: key install, activation (online /ato or
 * telephone slui.exe 4), settings, then the licensing service restart (slsvc on Vista/2008, sppsvc later).
 */
import type {LicensingGeneration} from '../facts/facts.js';
import {KMS_SETTINGS, formatPublishDomain, licensingKeys} from '../licensing/index.js';
import {hostEdits} from './host-settings.js';
import {HKLM_SOFTWARE, renderRegFile} from '../registry/changes.js';
import {fillTemplate} from './templates.js';
import type {KmsHostSettings} from './types.js';

export type ActivationMethod = 'online' | 'phone';

export interface HostScriptOptions {
  generation: LicensingGeneration;
  activation?: ActivationMethod;
  /** Name of the key file the scripts read next to themselves; the key itself is never in a script. */
  keyFileName?: string;
  /** True when a host key is to be installed (the scripts then read keyFileName). */
  installKey?: boolean;
}

export interface HostScripts {
  cmd: string;
  ps1: string;
  reg: string;
  service: string;
  steps: string[];
}

export const DEFAULT_KEY_FILE_NAME = 'kms-host-key.txt';

/** The licensing service of a generation (docs/reference/kms.md#registry-locations). */
export const licensingService = (generation: LicensingGeneration): string => (generation === 'sl' ? 'slsvc' : 'sppsvc');

interface Step {
  title: string;
  cmd: string[];
  ps1: string[];
}

function steps(settings: KmsHostSettings, options: HostScriptOptions): Step[] {
  const out: Step[] = [];
  const keyFile = options.keyFileName ?? DEFAULT_KEY_FILE_NAME;
  const slmgr = (title: string, args: string): Step => ({
    title,
    cmd: [`%SLMGR% ${args}`, `if errorlevel 1 (set "FAILED=slmgr ${args.split(' ')[0]}" & set "RC=%ERRORLEVEL%" & goto failed)`],
    ps1: [`Invoke-Slmgr @(${args.split(' ').map((a) => `'${a}'`).join(', ')})`],
  });
  if (options.installKey) {
    out.push({
      title: `install the KMS host key from ${keyFile}`,
      cmd: [
        `if not exist "%~dp0${keyFile}" (set "FAILED=reading ${keyFile}" & set "RC=2" & goto failed)`,
        // for /f skips blank lines and, with eol=#, comment lines — the same lines readHostKeyFile skips.
        `for /f "usebackq eol=# tokens=*" %%K in ("%~dp0${keyFile}") do set "KMSHOSTKEY=%%K"`,
        '%SLMGR% /ipk %KMSHOSTKEY% >nul',
        'if errorlevel 1 (set "KMSHOSTKEY=" & set "FAILED=slmgr /ipk" & set "RC=%ERRORLEVEL%" & goto failed)',
        'set "KMSHOSTKEY="',
      ],
      ps1: [
        "$key = (Get-Content -LiteralPath $KeyFile | Where-Object { $_.Trim() -ne '' -and -not $_.StartsWith('#') } | Select-Object -First 1).Trim()",
        "Invoke-Slmgr @('/ipk', $key) -Quiet",
        'Remove-Variable key',
      ],
    });
    if ((options.activation ?? 'online') === 'online') {
      out.push(slmgr('activate online', '/ato'));
    } else {
      out.push({
        title: 'activate by telephone (slui.exe 4)',
        cmd: ['start "" /wait %windir%\\system32\\slui.exe 4'],
        ps1: ["Start-Process -FilePath (Join-Path $env:windir 'system32\\slui.exe') -ArgumentList '4' -Wait"],
      });
    }
  }
  if (settings.port !== undefined) out.push(slmgr(`listening port ${settings.port}`, `/sprt ${settings.port}`));
  if (settings.dnsPublishing !== undefined) out.push(slmgr(settings.dnsPublishing ? 'publish SRV records' : 'stop publishing SRV records', settings.dnsPublishing ? '/sdns' : '/cdns'));
  if (settings.publishDomains !== undefined) {
    const lines = settings.publishDomains.map((entry) => formatPublishDomain(entry, options.generation));
    const key = `HKLM\\${licensingKeys(options.generation).display}`;
    const name = KMS_SETTINGS.dnsDomainPublishList.name;
    out.push({
      title: `publish in ${lines.join('; ')}`,
      cmd: [
        `reg add "${key}" /v ${name} /t REG_MULTI_SZ /d "${lines.join('\\0')}" /f >nul`,
        `if errorlevel 1 (set "FAILED=reg add ${name}" & set "RC=%ERRORLEVEL%" & goto failed)`,
      ],
      ps1: [
        `Set-ItemProperty -LiteralPath 'Registry::${key.replace('HKLM', 'HKEY_LOCAL_MACHINE')}' -Name '${name}' -Type MultiString -Value @(${lines.map((l) => `'${l}'`).join(', ')})`,
      ],
    });
  }
  if (settings.lowPriority !== undefined) out.push(slmgr(settings.lowPriority ? 'low priority' : 'normal priority', settings.lowPriority ? '/cpri' : '/spri'));
  if (settings.activationInterval !== undefined) out.push(slmgr(`activation interval ${settings.activationInterval} minutes`, `/sai ${settings.activationInterval}`));
  if (settings.renewalInterval !== undefined) out.push(slmgr(`renewal interval ${settings.renewalInterval} minutes`, `/sri ${settings.renewalInterval}`));
  const service = licensingService(options.generation);
  out.push({
    title: `restart ${service}`,
    cmd: [`net stop ${service}`, `net start ${service}`, `if errorlevel 1 (set "FAILED=net start ${service}" & set "RC=%ERRORLEVEL%" & goto failed)`],
    ps1: [`Restart-Service -Name '${service}' -Force`],
  });
  return out;
}

export function buildHostScripts(settings: KmsHostSettings, options: HostScriptOptions): HostScripts {
  const list = steps(settings, options);
  const keyFile = options.keyFileName ?? DEFAULT_KEY_FILE_NAME;
  const windows = options.generation === 'sl' ? 'Vista / Server 2008' : 'Windows 7 / Server 2008 R2 or later';
  const keyNote = options.installKey ? `Put the KMS host key (CSVLK) in ${keyFile} next to it; the key is not in this script.` : 'No host key is installed.';
  const cmdSteps = list.map((s, i) => [`rem ${i + 1}. ${s.title}`, ...s.cmd].join('\n')).join('\n');
  const ps1Steps = list.map((s, i) => [`# ${i + 1}. ${s.title}`, ...s.ps1].join('\n')).join('\n');
  return {
    cmd: fillTemplate('kms-host/host-script.cmd', {WINDOWS: windows, KEYNOTE: keyNote, STEPS: cmdSteps}),
    ps1: fillTemplate('kms-host/host-script.ps1', {WINDOWS: windows, KEYNOTE: keyNote, KEYFILE: keyFile, STEPS: ps1Steps}),
    reg: renderRegFile(hostEdits(settings, options.generation), HKLM_SOFTWARE),
    service: licensingService(options.generation),
    steps: list.map((s) => s.title),
  };
}
