/**
 * Turn a checked profile into the options of each stage. A client section without a host means DNS
 * auto-discovery (docs/reference/dns.md#client-discovery): its port is then ignored, because the SRV record carries the port.
 */
import type {KmsClientProfile, KmsHostProfile, Profile} from '../licensing/profile.js';
import {KMS_DEFAULT_PORT} from '../licensing/index.js';
import {usageError} from '../errors.js';
import type {KmsClientOptions, KmsHostOptions} from '../kms/types.js';
import type {ImageRole, ValidateTarget} from '../validate/types.js';

export interface PreparePlan {
  operations?: string[];
  client?: KmsClientOptions;
  host?: KmsHostOptions;
  role: ImageRole;
  target: ValidateTarget;
  strict: boolean;
  /** validate.rules / validate.skipRules. */
  rules: {only?: string[]; skip?: string[]};
  computerName?: string;
  backup: boolean;
  warnings: string[];
}

function clientOptions(client: KmsClientProfile, warnings: string[]): KmsClientOptions {
  const options: KmsClientOptions = {lookupDomain: client.lookupDomain, hostCaching: client.hostCaching, key: client.key};
  if (client.host) {
    options.host = client.host;
    options.port = client.port;
  } else {
    options.auto = true;
    if (client.port !== undefined && client.port !== KMS_DEFAULT_PORT) {
      warnings.push(`kms.client.port ${client.port} is ignored without kms.client.host: auto-discovered hosts come with their SRV port`);
    }
  }
  return options;
}

const hostOptions = (host: KmsHostProfile): KmsHostOptions => ({
  port: host.listeningPort,
  dnsPublishing: host.dnsPublishing,
  publishDomains: host.publishDomains,
  lowPriority: host.lowPriority,
  activationInterval: host.activationInterval,
  renewalInterval: host.renewalInterval,
});

/**
 * The image's role decides which KMS section applies: `--role` wins; otherwise a profile with only a host
 * section makes a KMS host image, anything else a client image.
 */
export function planPrepare(profile: Profile, role?: ImageRole): PreparePlan {
  const warnings: string[] = [];
  const kms = profile.kms ?? {};
  const chosen: ImageRole = role ?? (kms.host && !kms.client ? 'host' : 'client');
  if (chosen === 'host' && !kms.host) throw usageError('--role host needs a kms.host section in the profile', {code: 'PROFILE_NO_HOST'});
  if (kms.client && kms.host) warnings.push(`the profile has kms.client and kms.host sections: preparing a ${chosen} image, the ${chosen === 'client' ? 'host' : 'client'} section is not used`);
  return {
    operations: profile.generalize?.operations,
    client: chosen === 'client' && kms.client ? clientOptions(kms.client, warnings) : undefined,
    host: chosen === 'host' && kms.host ? hostOptions(kms.host) : undefined,
    role: chosen,
    target: profile.validate?.target ?? 'duplication',
    strict: profile.validate?.strict ?? false,
    rules: {only: profile.validate?.rules, skip: profile.validate?.skipRules},
    computerName: profile.generalize?.computerName,
    backup: profile.image?.backup ?? false,
    warnings,
  };
}
