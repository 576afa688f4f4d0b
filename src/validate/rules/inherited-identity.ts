/**
 * WP030–WP034: identities a clone must not inherit (domain.md §1.2, §1.6). An image generalized by sysprep or
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
  evidence: 'domain.md §1.2 (computer name), §6.3 (ComputerName)',
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
  evidence: 'domain.md §1.2 (MachineGuid)',
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
  evidence: 'domain.md §1.2 (WSUS client identity), §1.6',
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
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'domain.md §1.2 (DHCPv6 DUID)',
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
  evidence: 'domain.md §1.2 (cached discovered KMS host), §3.2 item 4',
  check({facts}) {
    if (!facts.licensing.cachedKmsHost) return [];
    const port = facts.licensing.cachedKmsPort ? `:${facts.licensing.cachedKmsPort}` : '';
    return [
      {
        message: `the NetworkService profile caches KMS host ${facts.licensing.cachedKmsHost}${port}: clones would try it before DNS`,
        location: {file: IMAGE_PATHS.networkServiceHive, key: facts.licensing.keyPath, value: 'DiscoveredKeyManagementServiceName'},
        fix: `${GENERALIZE_FIX} (operation kms-cache)`,
      },
    ];
  },
};
