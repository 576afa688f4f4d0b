/**
 * WP030–WP034: identities a clone must not inherit. Each rule's evidence says whether its basis is documented
 * or inferred; inferred ones only warn. An image generalized by sysprep or
 * resealed by winprep regenerates the computer name at specialize; values that survive are still reported.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {softwareValue, systemValue} from '../locations.js';
import type {Rule, RuleFinding} from '../types.js';

const GENERALIZE_FIX = 'winprep image generalize <image>';

export const inheritedComputerName: Rule = {
  id: 'WP030',
  name: 'inherited-computer-name',
  title: 'No computer name is fixed into every clone',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-computername (ComputerName, * = a random name at specialize); https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication',
  check({facts}) {
    const findings: RuleFinding[] = [];
    for (const answer of facts.answerFiles) {
      for (const entry of answer.computerNames) {
        const value = entry.value.trim();
        if (value === '' || value === '*') continue;
        findings.push({
          message: `${answer.path} sets ComputerName "${value}" in the ${entry.pass} pass: every clone would get that name`,
          location: {file: answer.path, key: `settings[@pass='${entry.pass}']`, value: 'ComputerName'},
          fix: `${GENERALIZE_FIX} (operation computer-name sets it to *, or use --computer-name <pattern>)`,
        });
      }
    }
    const name = facts.identity.computerName;
    const regenerated = facts.generalization.state !== 'not-generalized';
    const answerSetsName = facts.answerFiles.some((a) => a.computerNames.some((c) => c.pass === 'specialize'));
    if (name && !regenerated && !answerSetsName) {
      findings.push({
        message: `computer name "${name}" is fixed in the image and nothing regenerates it at first boot`,
        location: systemValue(facts, 'Control\\ComputerName\\ComputerName', 'ComputerName'),
        fix: GENERALIZE_FIX,
      });
    }
    return findings;
  },
};

export const inheritedMachineGuid: Rule = {
  id: 'WP031',
  name: 'inherited-machine-guid',
  title: 'No Crypto MachineGuid is inherited',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication (an installation duplicated without sysprep generalize keeps its per-machine identities); that MachineGuid is one of them is inferred from its name and purpose',
  check({facts}) {
    if (!facts.identity.machineGuid) return [];
    return [
      {
        message: `MachineGuid ${facts.identity.machineGuid} would be shared by every clone`,
        location: softwareValue('Microsoft\\Cryptography', 'MachineGuid'),
        fix: `${GENERALIZE_FIX} (operation machine-guid)`,
      },
    ];
  },
};

export const inheritedWsusIdentity: Rule = {
  id: 'WP032',
  name: 'inherited-wsus-id',
  title: 'No WSUS client identity is inherited',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/dd939898(v=ws.10) (cloned WSUS clients share SusClientId and appear as one computer)',
  check({facts}) {
    if (!facts.identity.susClientId) return [];
    return [
      {
        message: `SusClientId ${facts.identity.susClientId} would make clones overwrite each other in WSUS`,
        location: softwareValue('Microsoft\\Windows\\CurrentVersion\\WindowsUpdate', 'SusClientId'),
        fix: `${GENERALIZE_FIX} (operation wsus-identity)`,
      },
    ];
  },
};

export const inheritedDhcpv6Duid: Rule = {
  id: 'WP033',
  name: 'inherited-dhcpv6-duid',
  title: 'No DHCPv6 DUID is inherited',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence: 'inferred: the DHCPv6 DUID is derived once and stored; clones sharing it get one lease (no Microsoft page documents the cloning effect)',
  check({facts}) {
    if (!facts.identity.dhcpv6Duid) return [];
    return [
      {
        message: 'Dhcpv6DUID is set: clones sharing a DUID get DHCPv6 lease conflicts',
        location: systemValue(facts, 'Services\\Tcpip6\\Parameters', 'Dhcpv6DUID'),
        fix: `${GENERALIZE_FIX} (operation dhcpv6-duid)`,
      },
    ];
  },
};

export const cachedKmsHost: Rule = {
  id: 'WP034',
  name: 'cached-kms-host',
  title: 'No discovered KMS host is cached in the image',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence:
    'inferred: the cache values are documented for Vista only (Volume Activation operations guide) and the Windows 8.1+ per-application subkeys are community-attested; slmgr reads the cached host through SoftwareLicensingService.DiscoveredKeyManagementServiceMachineName (https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingservice)',
  check({facts}) {
    const entries = facts.licensing.cachedKmsHosts ?? (facts.licensing.cachedKmsHost ? [{keyPath: facts.licensing.keyPath, host: facts.licensing.cachedKmsHost, port: facts.licensing.cachedKmsPort, values: ['DiscoveredKeyManagementServiceName']}] : []);
    return entries.map((entry) => {
      const port = entry.port ? `:${entry.port}` : '';
      const what = entry.host ?? entry.ipAddress ?? entry.values.join(', ');
      const app = 'application' in entry && entry.application ? ` (${entry.application} cache)` : '';
      return {
        message: `the NetworkService profile caches KMS host ${what}${port}${app}: clones would try it before DNS`,
        location: {file: IMAGE_PATHS.networkServiceHive, key: entry.keyPath, value: entry.values[0]},
        fix: `${GENERALIZE_FIX} (operation kms-cache)`,
      };
    });
  },
};
