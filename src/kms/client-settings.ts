/**
 * KMS client settings: validate what the user typed, and turn settings into the registry edits the
 * licensing service itself would persist for slmgr /skms, /ckms, /skms-domain, /ckhc (docs/reference/kms.md#registry-values, docs/reference/kms.md#slmgr).
 */
import {badInput, usageError} from '../errors.js';
import type {LicensingGeneration} from '../facts/facts.js';
import {
  KMS_SETTINGS,
  formatKmsHost,
  isProductKeyFormat,
  isValidDnsName,
  licensingKeys,
  normalizeKey,
  parseKmsHost,
  parsePort,
} from '../licensing/index.js';
import {type RegEdit, deleteEdit, setEdit} from '../registry/changes.js';
import {dwordValue, szValue} from '../registry/index.js';
import type {KmsClientOptions, KmsClientSettings} from './types.js';

/** Windows 8 (build 9200) introduced /skms-domain (docs/reference/kms.md#slmgr). */
const LOOKUP_DOMAIN_FIRST_BUILD = 9200;

export function parseKmsClientOptions(options: KmsClientOptions): KmsClientSettings {
  if (options.host !== undefined && options.auto) {
    throw usageError('--host and --auto exclude each other: --host registers one KMS host, --auto goes back to DNS auto-discovery');
  }
  const settings: KmsClientSettings = {registration: 'keep'};
  if (options.host !== undefined) {
    const host = parseKmsHost(options.host, '--host');
    if (options.port !== undefined) host.port = parsePort(options.port, '--port');
    settings.registration = 'direct';
    settings.host = host;
  } else if (options.port !== undefined) {
    throw usageError('a KMS port needs a host: use --host name:port');
  }
  if (options.auto) settings.registration = 'auto';
  if (options.lookupDomain !== undefined) {
    const domain = options.lookupDomain.trim();
    if (!isValidDnsName(domain)) {
      throw badInput(`--lookup-domain must be a DNS domain name (labels of 1-63 letters, digits and hyphens, 253 characters at most) (got ${JSON.stringify(options.lookupDomain)})`, {
        code: 'BAD_LOOKUP_DOMAIN',
      });
    }
    settings.lookupDomain = domain;
  }
  if (options.hostCaching !== undefined) settings.hostCaching = options.hostCaching;
  if (options.key !== undefined) settings.key = parseKeyOption(options.key);
  if (settings.registration === 'keep' && settings.lookupDomain === undefined && settings.hostCaching === undefined && !settings.key) {
    throw usageError('nothing to set: give --host, --auto, --lookup-domain, --no-host-caching or --key');
  }
  return settings;
}

function parseKeyOption(text: string): {auto: true} | {auto: false; key: string} {
  if (text.trim().toLowerCase() === 'auto') return {auto: true};
  if (!isProductKeyFormat(text)) {
    // Never echo the text: it may be a secret key with a typo.
    throw badInput('--key must be "auto" or a product key of 5 groups of 5 characters (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)', {code: 'BAD_PRODUCT_KEY'});
  }
  return {auto: false, key: normalizeKey(text)};
}

export interface ClientEditPlan {
  edits: RegEdit[];
  warnings: string[];
}

/** The registry edits of client settings for a generation (and build, for version-dependent values). */
export function clientEdits(settings: KmsClientSettings, generation: LicensingGeneration, build?: number): ClientEditPlan {
  const key = licensingKeys(generation).software;
  const edits: RegEdit[] = [];
  const warnings: string[] = [];
  if (settings.registration === 'direct' && settings.host) {
    edits.push(setEdit(key, szValue(KMS_SETTINGS.hostName.name, settings.host.host)));
    // slmgr /skms without a port clears the port, so the client falls back to 1688 (docs/reference/kms.md#registry-values).
    edits.push(
      settings.host.port === undefined
        ? deleteEdit(key, KMS_SETTINGS.port.name)
        : setEdit(key, szValue(KMS_SETTINGS.port.name, String(settings.host.port))),
    );
  } else if (settings.registration === 'auto') {
    edits.push(deleteEdit(key, KMS_SETTINGS.hostName.name), deleteEdit(key, KMS_SETTINGS.port.name));
  }
  if (settings.lookupDomain !== undefined) {
    if (!KMS_SETTINGS.lookupDomain.generations.includes(generation) || (build !== undefined && build < LOOKUP_DOMAIN_FIRST_BUILD)) {
      warnings.push(`--lookup-domain needs Windows 8 / Server 2012 or later; this image (build ${build ?? 'unknown'}) ignores ${KMS_SETTINGS.lookupDomain.name}`);
    }
    if (settings.registration === 'direct') warnings.push('--lookup-domain is ignored while a KMS host is registered with --host (docs/reference/kms.md#slmgr)');
    edits.push(setEdit(key, szValue(KMS_SETTINGS.lookupDomain.name, settings.lookupDomain)));
  }
  if (settings.hostCaching !== undefined) {
    if (!KMS_SETTINGS.disableHostCaching.generations.includes(generation)) {
      warnings.push(`host caching cannot be configured on Vista / Server 2008; ${KMS_SETTINGS.disableHostCaching.name} is ignored there`);
    }
    edits.push(
      settings.hostCaching
        ? deleteEdit(key, KMS_SETTINGS.disableHostCaching.name)
        : setEdit(key, dwordValue(KMS_SETTINGS.disableHostCaching.name, 1)),
    );
  }
  return {edits, warnings};
}

/** Edits that return a client to defaults: auto-discovery, no lookup domain, host caching on. */
export function clearClientEdits(generation: LicensingGeneration): RegEdit[] {
  const key = licensingKeys(generation).software;
  return [KMS_SETTINGS.hostName, KMS_SETTINGS.port, KMS_SETTINGS.lookupDomain, KMS_SETTINGS.disableHostCaching].map((s) => deleteEdit(key, s.name));
}

/** The host as slmgr /skms takes it, for messages. */
export const describeRegistration = (settings: KmsClientSettings): string =>
  settings.registration === 'direct' && settings.host ? formatKmsHost(settings.host) : settings.registration === 'auto' ? 'DNS auto-discovery' : 'unchanged';
