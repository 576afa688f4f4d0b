/**
 * WP050–WP051: KMS client settings valid for the image's Windows generation, and no host-only settings in a
 * client image (docs/reference/kms.md#registry-locations, docs/reference/kms.md#registry-values, docs/reference/kms.md#slmgr).
 */
import {INTERVAL_RANGE, isValidDnsName, parseKmsHost, parsePort} from '../../licensing/index.js';
import {isWinprepError} from '../../errors.js';
import {licensingValue} from '../locations.js';
import type {Rule, RuleFinding} from '../types.js';

/** `/skms-domain` exists from Windows 8 / Server 2012 (build 9200) on (docs/reference/kms.md#slmgr). */
const LOOKUP_DOMAIN_FIRST_BUILD = 9200;

const problem = (check: () => unknown): string | undefined => {
  try {
    check();
    return undefined;
  } catch (error) {
    return isWinprepError(error) ? error.message : String(error);
  }
};

export const kmsClientSettings: Rule = {
  id: 'WP050',
  name: 'kms-client-settings',
  title: 'KMS client settings are valid for this Windows generation',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/dn502532(v=ws.11) (value names, types and ranges); https://learn.microsoft.com/windows-server/get-started/activation-slmgr-vbs-options',
  check({facts}) {
    const client = facts.licensing.client;
    const findings: RuleFinding[] = [];
    const fix = 'winprep kms client set <image> --host <name>[:port] | --auto';
    if (client.host !== undefined) {
      const why = problem(() => parseKmsHost(client.host ?? '', 'KeyManagementServiceName'));
      if (why) findings.push({message: why, location: licensingValue(facts, 'KeyManagementServiceName'), fix});
    }
    if (client.port !== undefined) {
      const why = problem(() => parsePort(client.port ?? '', 'KeyManagementServicePort'));
      if (why) findings.push({message: why, location: licensingValue(facts, 'KeyManagementServicePort'), fix});
    }
    if (client.lookupDomain !== undefined) {
      if (!isValidDnsName(client.lookupDomain)) {
        findings.push({
          message: `KeyManagementServiceLookupDomain "${client.lookupDomain}" is not a valid DNS name`,
          location: licensingValue(facts, 'KeyManagementServiceLookupDomain'),
          fix,
        });
      } else if ((facts.os.build ?? 0) < LOOKUP_DOMAIN_FIRST_BUILD) {
        findings.push({
          severity: 'warning',
          message: `a KMS lookup domain is set, but build ${facts.os.build} predates Windows 8 / Server 2012, which ignores it`,
          location: licensingValue(facts, 'KeyManagementServiceLookupDomain'),
          fix: 'winprep kms client set <image> --host <name> (direct registration works on every generation)',
        });
      }
      if (client.host !== undefined) {
        findings.push({
          severity: 'info',
          message: 'both a KMS host and a lookup domain are set: the direct registration wins and the lookup domain is ignored',
          location: licensingValue(facts, 'KeyManagementServiceLookupDomain'),
        });
      }
    }
    for (const [name, value] of [
      ['VLActivationInterval', client.activationInterval],
      ['VLRenewalInterval', client.renewalInterval],
    ] as const) {
      if (value === undefined || (value >= INTERVAL_RANGE.min && value <= INTERVAL_RANGE.max)) continue;
      findings.push({
        message: `${name}=${value} minutes is outside ${INTERVAL_RANGE.min}–${INTERVAL_RANGE.max}`,
        location: licensingValue(facts, name),
        fix: 'set it within range (winprep kms host configure --activation-interval/--renewal-interval)',
      });
    }
    return findings;
  },
};

export const hostSettingsInClient: Rule = {
  id: 'WP051',
  name: 'host-settings-in-client',
  title: 'No KMS host-only settings in a client image',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/dn502532(v=ws.11) (host-only settings)',
  check({facts, role}) {
    if (role !== 'client') return [];
    const host = facts.licensing.host;
    const present: [string, boolean][] = [
      ['KeyManagementServiceListeningPort', host.listeningPort !== undefined],
      ['DisableDnsPublishing', host.dnsPublishingDisabled !== undefined],
      ['DnsDomainPublishList', (host.publishDomains?.length ?? 0) > 0],
      ['EnableKmsLowPriority', host.lowPriority !== undefined],
    ];
    return present
      .filter(([, isSet]) => isSet)
      .map(([name]) => ({
        message: `${name} is a KMS host setting: harmless on a client, but it says this image was configured as a host`,
        location: licensingValue(facts, name),
        fix: 'validate with --role host if this is a KMS host image; otherwise winprep kms client set <image> removes it',
      }));
  },
};
