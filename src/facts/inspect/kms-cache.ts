/**
 * The KMS host the licensing service discovered and cached in the NetworkService profile (HKU\S-1-5-20).
 *
 * Two layouts exist. Vista kept `DiscoveredKeyManagementServiceName`/`Port` directly on its `…\SL` key (the
 * Vista volume activation operations guide documents that table). Windows 8.1 and later keep the cache in
 * per-application subkeys of `…\SoftwareProtectionPlatform`: `55c92734-d682-4d71-983e-d6ec3f16059f` (Windows)
 * and `0ff1ce15-a989-479d-af46-f275c6370663` (Office). The per-application layout is not in a Microsoft
 * document; it is *inferred* from what clearing tools delete on build 9600 and later and from the WMI
 * properties slmgr reads on 7 and later (SoftwareLicensingService.DiscoveredKeyManagementServiceMachineName,
 * https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingservice). Both layouts
 * are read, on every generation, so a cache is found wherever an upgrade left it.
 */
import {WINDOWS_APP_ID, licensingKeys} from '../../licensing/index.js';
import type {HiveApi, RegKey} from '../../registry/types.js';
import type {CachedKmsHostFacts} from '../facts.js';
import {dropUndefined} from './os.js';
import {valueAsString} from './values.js';

export const OFFICE_APP_ID = '0ff1ce15-a989-479d-af46-f275c6370663';
const APP_NAMES: Record<string, string> = {[WINDOWS_APP_ID]: 'windows', [OFFICE_APP_ID]: 'office'};
const APP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Every value of the cache starts with this (Name, Port, IpAddress, …). */
export const DISCOVERED_VALUE = /^Discovered/i;

/** The keys that may hold a cache, in the order they are reported: the flat SPP key, its app subkeys, then SL. */
export function kmsCacheKeys(hive: HiveApi): {key: RegKey; application?: string}[] {
  const found: {key: RegKey; application?: string}[] = [];
  for (const generation of ['spp', 'sl'] as const) {
    const key = hive.key(licensingKeys(generation).networkService);
    if (!key) continue;
    found.push({key});
    // Windows first, then Office, then any other application, whatever order the hive stores them in.
    const rank = (name: string): number => ['windows', 'office'].indexOf(APP_NAMES[name.toLowerCase()] ?? '') >>> 0;
    const apps = key.subkeys().filter((sub) => APP_ID.test(sub.name));
    apps.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
    for (const sub of apps) found.push({key: sub, application: APP_NAMES[sub.name.toLowerCase()] ?? sub.name.toLowerCase()});
  }
  return found;
}

export function readKmsCache(hive: HiveApi | undefined): CachedKmsHostFacts[] {
  if (!hive) return [];
  const entries: CachedKmsHostFacts[] = [];
  for (const {key, application} of kmsCacheKeys(hive)) {
    const values = key.values().filter((v) => DISCOVERED_VALUE.test(v.name));
    if (values.length === 0) continue;
    const text = (name: string): string | undefined => {
      const found = values.find((v) => v.name.toLowerCase() === name.toLowerCase());
      const value = valueAsString(found);
      return value === undefined || value === '' ? undefined : value;
    };
    entries.push(
      dropUndefined({
        keyPath: key.path,
        application,
        host: text('DiscoveredKeyManagementServiceName') ?? text('DiscoveredKeyManagementServiceMachineName'),
        port: text('DiscoveredKeyManagementServicePort'),
        ipAddress: text('DiscoveredKeyManagementServiceIpAddress'),
        values: values.map((v) => v.name),
      }),
    );
  }
  return entries;
}
