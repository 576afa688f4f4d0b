/**
 * WP080–WP081, WDS target only: WDS-mode Setup cannot deploy Windows 11 or Server 2025 and deprecates Server
 * 2022 (docs/reference/wim.md#wds); Setup reads the WIM's XML metadata, which must agree with the registry (docs/reference/wim.md#xml-metadata).
 */
import type {Rule, RuleFinding} from '../types.js';

const WINDOWS_11_FIRST_BUILD = 22000;
const SERVER_2025_FIRST_BUILD = 26100;
const SERVER_2022_BUILD = 20348;

export const wdsOsSupport: Rule = {
  id: 'WP080',
  name: 'wds-os-support',
  title: 'WDS-mode Setup can deploy this Windows version',
  severity: 'error',
  targets: ['wds'],
  evidence: 'documented: https://learn.microsoft.com/windows/deployment/wds-boot-support (WDS boot.wim support for Windows 11 and Server 2025)',
  check({facts}) {
    const build = facts.os.build ?? 0;
    const name = facts.os.displayName ?? facts.os.family ?? `build ${build}`;
    const alternative = 'deploy with a custom WinPE + DISM apply, MDT or ConfigMgr instead of WDS-mode Setup';
    if (facts.os.kind === 'client' && build >= WINDOWS_11_FIRST_BUILD) {
      return [{message: `${name}: WDS-mode Setup is blocked for Windows 11 (the WDS boot.wim path cannot deploy it)`, location: {file: 'Windows/System32/config/SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion', value: 'CurrentBuild'}, fix: alternative}];
    }
    if (facts.os.kind === 'server' && build >= SERVER_2025_FIRST_BUILD) {
      return [{message: `${name}: WDS-mode Setup does not support Windows Server 2025`, location: {file: 'Windows/System32/config/SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion', value: 'CurrentBuild'}, fix: alternative}];
    }
    if (facts.os.kind === 'server' && build === SERVER_2022_BUILD) {
      return [{severity: 'warning', message: `${name}: WDS-mode Setup deployment of Windows Server 2022 is deprecated`, location: {file: 'Windows/System32/config/SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion', value: 'CurrentBuild'}, fix: alternative}];
    }
    return [];
  },
};

export const wimMetadata: Rule = {
  id: 'WP081',
  name: 'wim-metadata',
  title: "The WIM's XML metadata agrees with the registry",
  severity: 'error',
  targets: ['wds'],
  evidence: 'documented: https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-setup-imageinstall-osimage-installfrom-metadata (Setup selects an install image by its WIM metadata); wimlib does not refresh that metadata when a hive is replaced (https://wimlib.net/man1/wimlib-imagex-update.html)',
  check({facts, wimMetadata}) {
    if (facts.kind !== 'wim' || !wimMetadata) return [];
    const findings: RuleFinding[] = [];
    const fix = 'wimlib-imagex info <wim> <index> --image-property WINDOWS/EDITIONID=<EditionID> (winprep keeps it in step when it commits)';
    if (wimMetadata.editionId && facts.os.editionId && wimMetadata.editionId.toLowerCase() !== facts.os.editionId.toLowerCase()) {
      findings.push({message: `WIM XML EDITIONID is ${wimMetadata.editionId}, the registry says ${facts.os.editionId}: WDS lists the wrong edition`, location: {file: facts.path, key: 'WIM XML', value: 'WINDOWS/EDITIONID'}, fix});
    }
    const arch = wimMetadata.architecture?.toLowerCase();
    if (arch && facts.os.architecture !== 'unknown' && arch !== facts.os.architecture) {
      findings.push({message: `WIM XML architecture is ${wimMetadata.architecture}, kernel32.dll says ${facts.os.architecture}`, location: {file: facts.path, key: 'WIM XML', value: 'WINDOWS/ARCH'}, fix});
    }
    return findings;
  },
};
