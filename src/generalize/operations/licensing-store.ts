/**
 * licensing-store (off by default): the licensing trusted store that holds the KMS client machine ID and
 * the activation timers (docs/reference/generalization.md#licensing-store: exact file inferred). Editing or deleting it offline is not a
 * documented reset and can leave Windows unactivatable; the reseal operation arms a rearm instead (docs/reference/generalization.md#rearm).
 * Enabled, it reports which store files the image has and changes nothing.
 */
import {notApplicable, outcome} from '../result.js';
import type {Operation, OperationContext} from '../types.js';

/** Where the store lives: System32\spp\store on 8 and later, the NetworkService profile on 7, SLsvc's folder on Vista. */
export const LICENSING_STORE_DIRS = {
  spp: ['Windows/System32/spp/store', 'Windows/ServiceProfiles/NetworkService/AppData/Roaming/Microsoft/SoftwareProtectionPlatform'],
  sl: ['Windows/ServiceProfiles/NetworkService/AppData/Roaming/Microsoft/SoftwareLicensing', 'Windows/System32/SLsvc'],
} as const;

async function stage(ctx: OperationContext) {
  const found: string[] = [];
  for (const dir of LICENSING_STORE_DIRS[ctx.facts.os.licensingGeneration]) found.push(...(await ctx.image.listFiles(dir)));
  if (found.length === 0) return notApplicable('no licensing store files found in the image');
  return outcome([], [`${found.length} licensing store file(s) kept; the client machine ID is renewed by the first-boot rearm (reseal), not by editing the store`]);
}

export const licensingStore: Operation = {
  name: 'licensing-store',
  heading: 'Report the licensing store (CMID and timers are reset by a rearm, not by edits; reported only)',
  defaultOn: false,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'inferred', why: 'reports only; the store format is undocumented'},
  evidence: 'docs/first-boot.md',
  riskNote: 'the store\'s format and the CMID\'s file are undocumented (UNCERTAIN); editing it can break activation',
  order: 101,
  stage,
};
