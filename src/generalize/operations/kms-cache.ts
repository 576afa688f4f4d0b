/**
 * kms-cache: the KMS host the reference machine discovered, cached in the NetworkService profile hive
 * (domain.md §1.2): `...\SoftwareProtectionPlatform` on 7 and later, `...\SL` on Vista/2008 (§2.1).
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {deleteValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import type {Change, Operation, OperationContext} from '../types.js';

const CACHE_KEYS = {
  spp: 'Software\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform',
  sl: 'Software\\Microsoft\\Windows NT\\CurrentVersion\\SL',
} as const;

async function stage(ctx: OperationContext) {
  const hive = await ctx.image.hive(IMAGE_PATHS.networkServiceHive);
  if (!hive) return notApplicable('the image has no NetworkService profile hive (nothing cached)');
  // The generation's own key first; the other one too, in case an upgrade left it behind.
  const generation = ctx.facts.os.licensingGeneration;
  const keys = [CACHE_KEYS[generation], CACHE_KEYS[generation === 'sl' ? 'spp' : 'sl']];
  const changes: (Change | undefined)[] = [];
  for (const keyPath of keys) {
    const key = hive.key(keyPath);
    if (!key) continue;
    // DiscoveredKeyManagementServiceName / ...Port and any other Discovered* cache value.
    for (const value of key.values().filter((v) => /^Discovered/i.test(v.name))) {
      changes.push(deleteValue(hive, IMAGE_PATHS.networkServiceHive, key.path, value.name));
    }
  }
  return outcome(changes);
}

export const kmsCache: Operation = {
  name: 'kms-cache',
  heading: 'Remove the cached discovered KMS host from the NetworkService hive',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'documented', source: 'https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingservice'},
  evidence: 'https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingservice',
  order: 50,
  stage,
};
