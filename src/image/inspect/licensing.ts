/**
 * Licensing facts: the installed key (channel, last 5 characters, GVLK match), SkipRearm, KMS client and host
 * settings from the generation's key, and the cached KMS host in the NetworkService hive (domain.md §1.2, §2).
 */
import {KMS_SETTINGS, displayKey, findGvlk, isProductKeyFormat, licensingKeys, normalizeKey} from '../../licensing/index.js';
import type {HiveApi} from '../../registry/types.js';
import type {KeyChannel, KmsClientFacts, KmsHostFacts, LicensingFacts, LicensingGeneration} from '../facts.js';
import {CURRENT_VERSION_KEY, dropUndefined} from './os.js';
import {readFlag, readNumber, readString, readStrings} from './values.js';

/** Windows 8+ keeps the installed key here in clear text; older systems only the encoded DigitalProductId. */
const BACKUP_KEY_VALUE = 'BackupProductKeyDefault';

export interface LicensingSources {
  software: HiveApi;
  networkService?: HiveApi;
  generation: LicensingGeneration;
  /** Keys from answer files, highest precedence first (inner path of the file, pass, raw key). */
  answerFileKeys: {file: string; pass: string; key: string}[];
}

export function readLicensing({software, networkService, generation, answerFileKeys}: LicensingSources): LicensingFacts {
  const keys = licensingKeys(generation);
  const at = keys.software;
  const read = (name: string): string | undefined => readString(software, at, name);

  const installed = read(BACKUP_KEY_VALUE);
  // Shell-Setup's key (specialize) is the one Setup installs; windowsPE's only picks the edition (domain.md §6.3).
  const usable = answerFileKeys.filter((entry) => isProductKeyFormat(entry.key));
  const fromAnswerFile = usable.find((entry) => entry.pass !== 'windowsPE') ?? usable[0];
  const key = installed && isProductKeyFormat(installed) ? installed : fromAnswerFile?.key;
  const keySource = installed && isProductKeyFormat(installed) ? `${keys.display}\\${BACKUP_KEY_VALUE}` : fromAnswerFile?.file;
  const gvlkRows = key ? findGvlk(key) : [];

  const host = read(KMS_SETTINGS.hostName.name);
  const client: KmsClientFacts = dropUndefined({
    host,
    port: read(KMS_SETTINGS.port.name),
    lookupDomain: read(KMS_SETTINGS.lookupDomain.name),
    hostCachingDisabled: readFlag(software, at, KMS_SETTINGS.disableHostCaching.name),
    activationInterval: readNumber(software, at, KMS_SETTINGS.activationInterval.name),
    renewalInterval: readNumber(software, at, KMS_SETTINGS.renewalInterval.name),
    mode: host ? 'direct' : 'auto',
  });
  const hostFacts: KmsHostFacts = dropUndefined({
    listeningPort: read(KMS_SETTINGS.listeningPort.name),
    dnsPublishingDisabled: readFlag(software, at, KMS_SETTINGS.disableDnsPublishing.name),
    publishDomains: readStrings(software, at, KMS_SETTINGS.dnsDomainPublishList.name),
    lowPriority: readFlag(software, at, KMS_SETTINGS.lowPriority.name),
  });

  return dropUndefined({
    keyPath: keys.display,
    partialProductKey: installed && isProductKeyFormat(installed) ? normalizeKey(installed).slice(-5) : undefined,
    productKey: key ? displayKey(key) : undefined,
    productKeySource: keySource,
    keyChannel: keyChannel(key, gvlkRows.length > 0, software),
    gvlkMatches: gvlkRows.length > 0 ? [...new Set(gvlkRows.map((row) => row.name))] : undefined,
    skipRearm: readNumber(software, at, KMS_SETTINGS.skipRearm.name),
    client,
    host: hostFacts,
    cachedKmsHost: readString(networkService, keys.networkService, KMS_SETTINGS.discoveredHostName.name),
    cachedKmsPort: readString(networkService, keys.networkService, KMS_SETTINGS.discoveredPort.name),
  });
}

/**
 * A published GVLK is `gvlk`. Any other readable key cannot be told apart (MAK, retail, KMS host key all look
 * alike) → `unknown`. No readable key: `unknown` when DigitalProductId shows one is installed, else `none`.
 */
function keyChannel(key: string | undefined, gvlk: boolean, software: HiveApi): KeyChannel {
  if (key) return gvlk ? 'gvlk' : 'unknown';
  return software.getValue(CURRENT_VERSION_KEY, 'DigitalProductId') ? 'unknown' : 'none';
}
