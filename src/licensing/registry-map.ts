/**
 * Where Windows keeps KMS settings, per licensing generation, with exact value types (docs/reference/kms.md#registry-locations, docs/reference/kms.md#registry-values).
 * Paths are relative to the hive root (the SOFTWARE hive file, or the NetworkService NTUSER.DAT).
 */
import {badInput} from '../errors.js';
import {RegType} from '../registry/types.js';
import type {Integer} from '../json-types.js';
import {isValidDnsName} from './validate.js';

/** `sl` = Vista / Server 2008 (SLsvc), `spp` = Windows 7 / 2008 R2 and later (sppsvc) — docs/reference/kms.md#registry-locations. */
export type LicensingGeneration = 'sl' | 'spp';

/** First build of Windows 7 / Server 2008 R2, where SoftwareProtectionPlatform replaces SL (docs/reference/kms.md#registry-locations, docs/reference/generalization.md#pitfalls). */
export const SPP_FIRST_BUILD = 7600;

export const generationForBuild = (build: number): LicensingGeneration => (build < SPP_FIRST_BUILD ? 'sl' : 'spp');

/** Windows' AppID under which per-product overrides may live (docs/reference/kms.md#registry-locations). */
export const WINDOWS_APP_ID = '55c92734-d682-4d71-983e-d6ec3f16059f';

export interface LicensingKeys {
  generation: LicensingGeneration;
  /** Key in the SOFTWARE hive, relative to its root. */
  software: string;
  /** 32-bit view on 64-bit images; not where Windows reads activation settings (docs/reference/offline-registry.md#wow64). */
  softwareWow64: string;
  /** Key in the NetworkService hive (cached discovered host), relative to its root. */
  networkService: string;
  /** The SOFTWARE key as people write it (HKLM\SOFTWARE\…), for messages. */
  display: string;
}

const KEY_NAME: Record<LicensingGeneration, string> = {sl: 'SL', spp: 'SoftwareProtectionPlatform'};

export function licensingKeys(generation: LicensingGeneration): LicensingKeys {
  const leaf = `Microsoft\\Windows NT\\CurrentVersion\\${KEY_NAME[generation]}`;
  return {
    generation,
    software: leaf,
    softwareWow64: `Wow6432Node\\${leaf}`,
    networkService: `Software\\${leaf}`,
    display: `SOFTWARE\\${leaf}`,
  };
}

export type SettingScope = 'client' | 'host' | 'both';
export type SettingHive = 'software' | 'networkService';

export interface RegistrySetting {
  /** Value name in the key. */
  name: string;
  /** RegType number: ports are REG_SZ (docs/reference/generalization.md#pitfalls). */
  type: number;
  scope: SettingScope;
  hive: SettingHive;
  /** Generations that honour it. */
  generations: readonly LicensingGeneration[];
  /** Name confirmed only by community scripts (docs/reference/kms.md#registry-values, docs/reference/generalization.md#open-questions). */
  uncertain: boolean;
  meaning: string;
}

const both: readonly LicensingGeneration[] = ['sl', 'spp'];
const sppOnly: readonly LicensingGeneration[] = ['spp'];

const setting = (
  name: string,
  type: number,
  scope: SettingScope,
  meaning: string,
  extra: Partial<Pick<RegistrySetting, 'generations' | 'uncertain' | 'hive'>> = {},
): RegistrySetting =>
  Object.freeze({name, type, scope, meaning, hive: extra.hive ?? 'software', generations: extra.generations ?? both, uncertain: extra.uncertain ?? false});

/** Every KMS-related value winprep reads or writes (docs/reference/kms.md#registry-values, docs/reference/generalization.md#kms-host-cache). */
export const KMS_SETTINGS = Object.freeze({
  hostName: setting('KeyManagementServiceName', RegType.SZ, 'client', 'KMS host the client uses (slmgr /skms); disables DNS auto-discovery'),
  port: setting('KeyManagementServicePort', RegType.SZ, 'client', 'TCP port of the KMS host; 1688 when absent'),
  listeningPort: setting('KeyManagementServiceListeningPort', RegType.SZ, 'host', 'TCP port the KMS host listens on (slmgr /sprt); 1688 when absent'),
  disableDnsPublishing: setting('DisableDnsPublishing', RegType.DWORD, 'host', 'non-zero: the host does not publish its _vlmcs SRV record (slmgr /cdns)'),
  dnsDomainPublishList: setting('DnsDomainPublishList', RegType.MULTI_SZ, 'host', 'extra DNS domains the host publishes its SRV record in'),
  lowPriority: setting('EnableKmsLowPriority', RegType.DWORD, 'host', 'non-zero: the host runs at low priority (slmgr /cpri)'),
  activationInterval: setting('VLActivationInterval', RegType.DWORD, 'both', 'minutes between activation attempts while unactivated (15-43200, default 120)'),
  renewalInterval: setting('VLRenewalInterval', RegType.DWORD, 'both', 'minutes between renewals once activated (15-43200, default 10080)'),
  skipRearm: setting('SkipRearm', RegType.DWORD, 'both', '1: rearm (and generalize\'s rearm) does nothing, so clones keep one CMID'),
  userOperations: setting('UserOperations', RegType.DWORD, 'both', '1: standard users may install keys, activate and rearm'),
  disableHostCaching: setting('DisableKeyManagementServiceHostCaching', RegType.DWORD, 'client', '1: the client does not cache the KMS host it found (slmgr /ckhc)', {
    generations: sppOnly,
    uncertain: true,
  }),
  lookupDomain: setting('KeyManagementServiceLookupDomain', RegType.SZ, 'client', 'DNS domain searched for _vlmcs SRV records (slmgr /skms-domain, Windows 8+)', {
    generations: sppOnly,
    uncertain: true,
  }),
  activationType: setting('VLActivationType', RegType.DWORD, 'client', '0 any, 1 AD-based only, 2 KMS only, 3 token only (slmgr /act-type, Windows 8+)', {
    generations: sppOnly,
    uncertain: true,
  }),
  discoveredHostName: setting('DiscoveredKeyManagementServiceName', RegType.SZ, 'client', 'KMS host the client found and cached', {hive: 'networkService'}),
  discoveredPort: setting('DiscoveredKeyManagementServicePort', RegType.SZ, 'client', 'port of the cached KMS host', {hive: 'networkService'}),
});

export type KmsSettingName = keyof typeof KMS_SETTINGS;

/** Settings that a generation honours. */
export const settingsFor = (generation: LicensingGeneration): [KmsSettingName, RegistrySetting][] =>
  (Object.entries(KMS_SETTINGS) as [KmsSettingName, RegistrySetting][]).filter(([, s]) => s.generations.includes(generation));

export interface PublishDomain {
  domain: string;
  /** SRV priority/weight, 0–65535; Windows 7+ only, absent → 0 (docs/reference/kms.md#registry-values). */
  priority?: Integer;
  weight?: Integer;
}

const checkSrvNumber = (value: number | undefined, what: string, domain: string): void => {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 65535)) {
    throw badInput(`${what} of publish domain ${domain} must be a whole number from 0 to 65535 (got ${value})`, {code: 'BAD_PUBLISH_DOMAIN'});
  }
};

/**
 * One DnsDomainPublishList line: Windows 7+ `domain, priority, weight` (both given or neither — docs/reference/kms.md#registry-values);
 * Vista/2008 bare domain names only, so priority/weight there is refused rather than silently dropped.
 */
export function formatPublishDomain(entry: PublishDomain, generation: LicensingGeneration): string {
  if (!isValidDnsName(entry.domain)) {
    throw badInput(`publish domain ${JSON.stringify(entry.domain)} is not a valid DNS name`, {code: 'BAD_PUBLISH_DOMAIN'});
  }
  checkSrvNumber(entry.priority, 'priority', entry.domain);
  checkSrvNumber(entry.weight, 'weight', entry.domain);
  const weighted = entry.priority !== undefined || entry.weight !== undefined;
  if (generation === 'sl') {
    if (weighted) {
      throw badInput(`publish domain ${entry.domain}: Vista/Server 2008 hosts take bare domain names, without priority or weight`, {
        code: 'BAD_PUBLISH_DOMAIN',
      });
    }
    return entry.domain;
  }
  return weighted ? `${entry.domain}, ${entry.priority ?? 0}, ${entry.weight ?? 0}` : entry.domain;
}

/** Read one DnsDomainPublishList line back (either generation's form). */
export function parsePublishDomain(line: string): PublishDomain {
  const parts = line.split(',').map((part) => part.trim());
  const [domain, priority, weight] = parts;
  const number = (text: string | undefined): number | undefined => (text === undefined || text === '' ? undefined : Number(text));
  const entry: PublishDomain = {domain};
  if (priority !== undefined) entry.priority = number(priority);
  if (weight !== undefined) entry.weight = number(weight);
  if (parts.length > 3 || !isValidDnsName(domain) || Number.isNaN(entry.priority) || Number.isNaN(entry.weight)) {
    throw badInput(`DnsDomainPublishList line ${JSON.stringify(line)} is not "domain[, priority, weight]"`, {code: 'BAD_PUBLISH_DOMAIN'});
  }
  checkSrvNumber(entry.priority, 'priority', domain);
  checkSrvNumber(entry.weight, 'weight', domain);
  return entry;
}
