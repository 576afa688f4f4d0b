/**
 * WP035–WP039: memberships and enrollments the reference machine must not pass on. Every clone of a domain
 * member keeps the reference's membership and machine-account secret: the clones then fight over one computer
 * account. Sysprep's generalize removes the membership; winprep cannot (it would need the domain), so a
 * domain-joined reference is an error with the fix "unjoin before capture". The management enrollments are
 * warnings: their registry locations are community-attested, so they rest on inferred facts.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {ATP_STATUS_KEY, CONFIGMGR_INI, ENROLLMENTS_KEY, POLICY_PRIMARY_DOMAIN_SID} from '../../facts/inspect/membership.js';
import {softwareValue, systemValue} from '../locations.js';
import type {Rule} from '../types.js';

const KB314828 = 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication';
const POLICY_OBJECT = 'https://learn.microsoft.com/windows/win32/secmgmt/policy-object';

export const domainJoined: Rule = {
  id: 'WP035',
  name: 'domain-joined-reference',
  title: 'The reference machine is not joined to a domain',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: `documented: ${KB314828} (duplicated installations must be prepared with sysprep, which generalizes the machine's identity); ${POLICY_OBJECT} (LSA's primary domain: its name and SID on a member, the workgroup name otherwise)`,
  check({facts}) {
    const m = facts.membership;
    if (!m?.domainJoined) return [];
    const name = [m.primaryDomainName, m.dnsDomainName && `(${m.dnsDomainName})`].filter(Boolean).join(' ') || 'a domain';
    return [
      {
        message: `the reference machine is joined to domain ${name}, SID ${m.primaryDomainSid}: every clone would share its computer account and machine secret`,
        location: {file: IMAGE_PATHS.securityHive, key: POLICY_PRIMARY_DOMAIN_SID, value: '(default)'},
        fix: 'unjoin the reference machine (join a workgroup) before capture, or run sysprep /generalize; join each clone at specialize (UnattendedJoin)',
      },
    ];
  },
};

export const mdmEnrolled: Rule = {
  id: 'WP036',
  name: 'mdm-enrolled-reference',
  title: 'The reference machine is not enrolled in MDM or joined to Microsoft Entra ID',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence: `inferred: the Enrollments and CloudDomainJoin\\JoinInfo registry locations are community-attested, not documented; ${KB314828} calls its list of per-machine state "not comprehensive"`,
  check({facts}) {
    const m = facts.membership;
    if (!m) return [];
    const findings = m.mdmEnrollments.map((entry) => ({
      message: `MDM enrollment ${entry.id}${entry.providerId ? ` (provider ${entry.providerId})` : ''}: every clone would present the reference machine's enrollment and its certificate`,
      location: softwareValue(`${ENROLLMENTS_KEY}\\${entry.id}`, 'ProviderID'),
      fix: 'unenroll the reference machine (Settings → Accounts → Access work or school → Disconnect) before capture; enroll clones after deployment',
    }));
    for (const join of m.entraJoins) {
      findings.push({
        message: `Microsoft Entra join ${join.id}${join.tenantId ? ` (tenant ${join.tenantId})` : ''}: every clone would claim the reference machine's device object`,
        location: systemValue(facts, `Control\\CloudDomainJoin\\JoinInfo\\${join.id}`),
        fix: 'leave Microsoft Entra ID on the reference machine (dsregcmd /leave) before capture',
      });
    }
    return findings;
  },
};

export const configMgrIdentity: Rule = {
  id: 'WP037',
  name: 'configmgr-client-identity',
  title: 'No Configuration Manager client identity (SMSCFG.INI) is inherited',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence:
    'inferred: SMSCFG.INI holding the client\'s "SMS Unique Identifier" is community-attested; Microsoft documents that a reference computer\'s client must be prepared for capture (https://learn.microsoft.com/mem/configmgr/osd/understand/task-sequence-steps#BKMK_PrepareConfigMgrClientforCapture)',
  check({facts}) {
    const c = facts.membership?.configMgr;
    if (!c) return [];
    return [
      {
        message: `${c.file}${c.uniqueId ? ` holds SMS Unique Identifier ${c.uniqueId}` : ' is present'}: every clone would report to Configuration Manager as the same client`,
        location: {file: CONFIGMGR_INI, value: 'SMS Unique Identifier'},
        fix: 'prepare the ConfigMgr client for capture (task sequence step "Prepare ConfigMgr Client for Capture"), or uninstall it before capture',
      },
    ];
  },
};

export const defenderOnboarded: Rule = {
  id: 'WP038',
  name: 'defender-onboarded-reference',
  title: 'The reference machine is not onboarded to Microsoft Defender for Endpoint',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence:
    'inferred: the Status\\OnboardingState value is community-attested; Microsoft\'s guidance for golden images stages the onboarding script to run on each clone\'s first boot instead of onboarding the image (https://learn.microsoft.com/defender-endpoint/configure-endpoints-vdi)',
  check({facts}) {
    const d = facts.membership?.defenderOnboarded;
    if (!d) return [];
    return [
      {
        message: `the reference machine is onboarded to Defender for Endpoint${d.orgId ? ` (organization ${d.orgId})` : ''}: clones would share its sensor identity`,
        location: softwareValue(ATP_STATUS_KEY, 'OnboardingState'),
        fix: 'offboard the reference machine before capture and onboard clones at first boot (the VDI onboarding script)',
      },
    ];
  },
};
