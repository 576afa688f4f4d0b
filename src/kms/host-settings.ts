/**
 * KMS host settings: validate flags or profile values, read the host key (CSVLK) from its file without
 * ever echoing it, and turn settings into the registry edits slmgr /sprt, /cdns, /cpri, /sai, /sri and
 * DnsDomainPublishList would leave (docs/reference/kms.md#registry-values, docs/reference/kms.md#slmgr).
 */
import {readFile} from 'node:fs/promises';

import {WinprepError, badInput, usageError, errnoCode} from '../errors.js';
import type {LicensingGeneration} from '../facts/facts.js';
import {
  KMS_SETTINGS,
  type PublishDomain,
  findGvlk,
  formatPublishDomain,
  isProductKeyFormat,
  isValidDnsName,
  licensingKeys,
  normalizeKey,
  parseInterval,
  parsePort,
} from '../licensing/index.js';
import {type RegEdit, setEdit} from '../registry/changes.js';
import {dwordValue, multiSzValue, szValue} from '../registry/index.js';
import type {KmsHostOptions, KmsHostSettings} from './types.js';

function onOff(value: boolean | string, flag: string): boolean {
  if (typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (text === 'on' || text === 'true') return true;
  if (text === 'off' || text === 'false') return false;
  throw badInput(`${flag} must be on or off (got ${JSON.stringify(value)})`, {code: 'BAD_ON_OFF'});
}

const SRV_NUMBER = /^\d{1,5}$/;
/** SRV priority and weight are 16-bit (RFC 2782; docs/reference/kms.md#registry-values DnsDomainPublishList). */
const SRV_MAX = 65535;

/** `domain[,priority,weight]` as --publish-domain takes it; numbers are range-checked by the licensing model. */
export function parsePublishDomainFlag(text: string): PublishDomain {
  const parts = text.split(',').map((p) => p.trim());
  const fail = (): never => {
    throw badInput(`--publish-domain must be domain[,priority,weight] with priority and weight from 0 to 65535 (got ${JSON.stringify(text)})`, {
      code: 'BAD_PUBLISH_DOMAIN',
    });
  };
  if (parts.length > 3 || parts.length === 2 || !isValidDnsName(parts[0])) fail();
  const entry: PublishDomain = {domain: parts[0]};
  if (parts.length === 3) {
    if (!SRV_NUMBER.test(parts[1]) || !SRV_NUMBER.test(parts[2])) fail();
    entry.priority = Number(parts[1]);
    entry.weight = Number(parts[2]);
    if (entry.priority > SRV_MAX || entry.weight > SRV_MAX) fail();
  }
  return entry;
}

/** Validate host options (the key file is read separately by readHostKeyFile). */
export function parseKmsHostOptions(options: KmsHostOptions): KmsHostSettings {
  const settings: KmsHostSettings = {};
  if (options.port !== undefined) settings.port = parsePort(options.port, '--port');
  if (options.dnsPublishing !== undefined) settings.dnsPublishing = onOff(options.dnsPublishing, '--dns-publishing');
  if (options.publishDomains !== undefined && options.publishDomains.length > 0) {
    settings.publishDomains = options.publishDomains.map((d) => (typeof d === 'string' ? parsePublishDomainFlag(d) : d));
    // Names and numbers are checked now; the generation's line format is applied in hostEdits.
    for (const entry of settings.publishDomains) withFlag(() => formatPublishDomain(entry, 'spp'));
  }
  if (options.lowPriority !== undefined) settings.lowPriority = onOff(options.lowPriority, '--low-priority');
  if (options.activationInterval !== undefined) settings.activationInterval = parseInterval(options.activationInterval, '--activation-interval');
  if (options.renewalInterval !== undefined) settings.renewalInterval = parseInterval(options.renewalInterval, '--renewal-interval');
  return settings;
}

export const hasHostRegistrySettings = (s: KmsHostSettings): boolean =>
  [s.port, s.dnsPublishing, s.publishDomains, s.lowPriority, s.activationInterval, s.renewalInterval].some((v) => v !== undefined);

/** Read the KMS host key (CSVLK) from a file: one 5×5 key; the contents never appear in any message. */
export async function readHostKeyFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw badInput(`--host-key-file cannot be read: ${errnoCode(error) ?? 'error'}`, {file, code: 'HOST_KEY_UNREADABLE', cause: error});
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  if (lines.length !== 1 || !isProductKeyFormat(lines[0])) {
    throw badInput('--host-key-file must hold exactly one product key of 5 groups of 5 characters (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)', {
      file,
      code: 'BAD_HOST_KEY',
    });
  }
  const key = normalizeKey(lines[0]);
  if (findGvlk(key).length > 0) {
    throw badInput('--host-key-file holds a published GVLK (a KMS client key), not a KMS host key (CSVLK)', {file, code: 'BAD_HOST_KEY'});
  }
  return key;
}

/** The registry edits of host settings for a generation; DnsDomainPublishList in that generation's line format. */
export function hostEdits(settings: KmsHostSettings, generation: LicensingGeneration): RegEdit[] {
  const key = licensingKeys(generation).software;
  const edits: RegEdit[] = [];
  if (settings.port !== undefined) edits.push(setEdit(key, szValue(KMS_SETTINGS.listeningPort.name, String(settings.port))));
  if (settings.dnsPublishing !== undefined) {
    edits.push(setEdit(key, dwordValue(KMS_SETTINGS.disableDnsPublishing.name, settings.dnsPublishing ? 0 : 1)));
  }
  if (settings.publishDomains !== undefined) {
    const lines = settings.publishDomains.map((entry) => withFlag(() => formatPublishDomain(entry, generation)));
    edits.push(setEdit(key, multiSzValue(KMS_SETTINGS.dnsDomainPublishList.name, lines)));
  }
  if (settings.lowPriority !== undefined) edits.push(setEdit(key, dwordValue(KMS_SETTINGS.lowPriority.name, settings.lowPriority ? 1 : 0)));
  if (settings.activationInterval !== undefined) {
    edits.push(setEdit(key, dwordValue(KMS_SETTINGS.activationInterval.name, settings.activationInterval)));
  }
  if (settings.renewalInterval !== undefined) edits.push(setEdit(key, dwordValue(KMS_SETTINGS.renewalInterval.name, settings.renewalInterval)));
  return edits;
}

/** Licensing-model errors about publish domains, prefixed with the flag the value came from. */
function withFlag<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof WinprepError) throw badInput(`--publish-domain: ${error.message}`, {code: error.code});
    throw error;
  }
}

export function requireSomething(settings: KmsHostSettings): void {
  if (!hasHostRegistrySettings(settings) && settings.hostKey === undefined) {
    throw usageError('nothing to configure: give --port, --dns-publishing, --publish-domain, --low-priority, --activation-interval, --renewal-interval or --host-key-file');
  }
}
