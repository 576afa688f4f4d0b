/**
 * kms-cache: the KMS host the reference machine discovered, cached in the NetworkService profile hive. Both
 * layouts are cleared (src/facts/inspect/kms-cache.ts): the Discovered* values on the licensing key itself
 * (`…\SL` on Vista/2008, `…\SoftwareProtectionPlatform` on 7) and those in its per-application subkeys, where
 * Windows 8.1 and later keep the cache (55c92734-… for Windows, 0ff1ce15-… for Office). Only the Discovered*
 * values are deleted; the subkeys stay, because they may hold other per-application state.
 */
import {DISCOVERED_VALUE, kmsCacheKeys} from '../../facts/inspect/kms-cache.js';
import {IMAGE_PATHS} from '../../image/types.js';
import {deleteValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import type {Change, Operation, OperationContext} from '../types.js';

async function stage(ctx: OperationContext) {
  const hive = await ctx.image.hive(IMAGE_PATHS.networkServiceHive);
  if (!hive) return notApplicable('the image has no NetworkService profile hive (nothing cached)');
  const changes: (Change | undefined)[] = [];
  // Every layout on every generation, in case an upgrade left one behind.
  for (const {key} of kmsCacheKeys(hive)) {
    for (const value of key.values().filter((v) => DISCOVERED_VALUE.test(v.name))) {
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
