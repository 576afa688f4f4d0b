/**
 * Licensing facts: the key (channel, last 5 characters, GVLK match), SkipRearm, KMS client and host settings
 * from the generation's key (https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/dn502532(v=ws.11)),
 * and the cached KMS host in the NetworkService hive (kms-cache.ts).
 *
 * The key channel is never derived from BackupProductKeyDefault alone. That value is undocumented and holds a
 * default/backup key; MAK and KMS host keys are not kept in the registry at all (slmgr /cpky, "this is the
 * default behavior for those keys": https://learn.microsoft.com/windows-server/get-started/activation-slmgr-vbs-options).
 * An image whose GVLK was replaced by a MAK can still show the old GVLK there. The channel therefore comes from
 * the channel string Windows records in DigitalProductId4 (e.g. "Volume:GVLK"; its layout is *inferred*, not
 * documented), else from the key an answer file will install, else it is 'unknown'.
 */
import {KMS_SETTINGS, displayKey, findGvlk, isProductKeyFormat, licensingKeys, normalizeKey} from '../../licensing/index.js';
import type {HiveApi} from '../../registry/types.js';
import type {KeyChannel, KmsClientFacts, KmsHostFacts, LicensingFacts, LicensingGeneration} from '../facts.js';
import {readKmsCache} from './kms-cache.js';
import {CURRENT_VERSION_KEY, dropUndefined} from './os.js';
import {readFlag, readNumber, readString, readStrings} from './values.js';

/** Undocumented; holds a default/backup key in clear text on Windows 8 and later (not necessarily the installed one). */
export const BACKUP_KEY_VALUE = 'BackupProductKeyDefault';
/** Offset of the UTF-16LE channel string ("Retail", "OEM:DM", "Volume:GVLK", "Volume:MAK") in DigitalProductId4 (inferred). */
const DPID4_CHANNEL_OFFSET = 0x3f8;
const DPID4_CHANNEL_BYTES = 0x80;

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
  // Shell-Setup's key (specialize) is the one Setup installs; windowsPE's only picks the edition
  // (https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-productkey).
  const usable = answerFileKeys.filter((entry) => isProductKeyFormat(entry.key));
  const fromAnswerFile = usable.find((entry) => entry.pass !== 'windowsPE') ?? usable[0];
  const key = installed && isProductKeyFormat(installed) ? installed : fromAnswerFile?.key;
  const keySource = installed && isProductKeyFormat(installed) ? `${keys.display}\\${BACKUP_KEY_VALUE}` : fromAnswerFile?.file;
  const gvlkRows = key ? findGvlk(key) : [];
  const channel = keyChannel({
    recorded: recordedChannel(software.getValue(CURRENT_VERSION_KEY, 'DigitalProductId4')?.data),
    answerFileKey: fromAnswerFile && fromAnswerFile.pass !== 'windowsPE' ? fromAnswerFile.key : undefined,
    backupKey: installed && isProductKeyFormat(installed) ? installed : undefined,
    productIdPresent: software.getValue(CURRENT_VERSION_KEY, 'DigitalProductId') !== undefined,
  });
  const cache = readKmsCache(networkService);
  const cached = cache.find((entry) => entry.host !== undefined) ?? cache[0];

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
    keyChannel: channel.channel,
    keyChannelSource: channel.source,
    keyChannelNote: channel.note,
    gvlkMatches: gvlkRows.length > 0 ? [...new Set(gvlkRows.map((row) => row.name))] : undefined,
    skipRearm: readNumber(software, at, KMS_SETTINGS.skipRearm.name),
    client,
    host: hostFacts,
    cachedKmsHost: cached?.host ?? cached?.ipAddress,
    cachedKmsPort: cached?.port,
    cachedKmsHosts: cache,
  });
}

interface ChannelSources {
  /** DigitalProductId4's channel string */
  recorded?: string;
  /** The key the answer file's specialize (or offlineServicing…) pass installs */
  answerFileKey?: string;
  /** BackupProductKeyDefault, when it holds a key */
  backupKey?: string;
  productIdPresent: boolean;
}

interface ChannelVerdict {
  channel: KeyChannel;
  source: NonNullable<LicensingFacts['keyChannelSource']>;
  note?: string;
}

/**
 * The channel, by the best source there is: what Windows recorded, else the key Setup will install from an
 * answer file (a published GVLK is `gvlk`, any other key cannot be told apart), else `unknown` with the reason.
 */
function keyChannel({recorded, answerFileKey, backupKey, productIdPresent}: ChannelSources): ChannelVerdict {
  const fromRecord = recorded ? channelFromRecord(recorded) : undefined;
  if (fromRecord) return {channel: fromRecord, source: 'registry-channel', note: `DigitalProductId4 records the channel "${recorded}" (its layout is inferred, not documented)`};
  if (answerFileKey) {
    return findGvlk(answerFileKey).length > 0
      ? {channel: 'gvlk', source: 'answer-file'}
      : {channel: 'unknown', source: 'answer-file', note: 'the answer-file key is not a published GVLK; MAK, retail and KMS host keys look alike'};
  }
  if (backupKey) {
    const what = findGvlk(backupKey).length > 0 ? 'a GVLK' : 'a key';
    return {
      channel: 'unknown',
      source: 'none',
      note: `only BackupProductKeyDefault holds ${what}; that value is a default/backup key, and MAK and KMS host keys are not kept in the registry (slmgr /cpky), so the installed key's channel is unknown`,
    };
  }
  if (productIdPresent) return {channel: 'unknown', source: 'none', note: 'a key is installed (DigitalProductId) but Windows records no readable channel for it'};
  return {channel: 'none', source: 'none'};
}

/** DigitalProductId4's channel string at 0x3F8 (UTF-16LE, NUL-terminated), when it reads as one. */
export function recordedChannel(data: Buffer | undefined): string | undefined {
  if (!data || data.length < DPID4_CHANNEL_OFFSET + 4) return undefined;
  const raw = data.subarray(DPID4_CHANNEL_OFFSET, Math.min(data.length, DPID4_CHANNEL_OFFSET + DPID4_CHANNEL_BYTES));
  const text = raw.subarray(0, raw.length - (raw.length % 2)).toString('utf16le').split('\0')[0] ?? '';
  return /^[A-Za-z][A-Za-z0-9:_ -]{2,40}$/.test(text) ? text : undefined;
}

function channelFromRecord(recorded: string): KeyChannel | undefined {
  const text = recorded.toLowerCase();
  if (text.includes('gvlk')) return 'gvlk';
  if (text.includes('csvlk')) return 'kms-host';
  if (text.includes('mak')) return 'mak';
  if (text.startsWith('oem')) return 'oem';
  if (text.startsWith('retail')) return 'retail';
  return undefined;
}
