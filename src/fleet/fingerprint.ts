/**
 * The identity record of one image (`winprep image fingerprint`): stable, versioned JSON that the fleet
 * audit reads back. Built from ImageFacts only, so it is pure and testable without an image.
 */
import type {Architecture, GeneralizationFacts, ImageFacts, KeyChannel, KmsClientFacts} from '../facts/facts.js';
import type {ImageKind} from '../image/types.js';
import type {Integer} from '../json-types.js';

export const FINGERPRINT_KIND = 'winprep-fingerprint';
export const FINGERPRINT_VERSION = 1;

export interface FingerprintKms {
  mode: KmsClientFacts['mode'];
  host?: string;
  port?: string;
  lookupDomain?: string;
  hostCachingDisabled?: boolean;
  /** Registry SkipRearm: 1 leaves the CMID unchanged by generalize (docs/reference/generalization.md#rearm). */
  skipRearm?: Integer;
  cachedHost?: string;
}

export interface Fingerprint {
  kind: typeof FINGERPRINT_KIND;
  version: typeof FINGERPRINT_VERSION;
  source: {path: string; kind: ImageKind; index?: Integer};
  edition?: string;
  productName?: string;
  build?: Integer;
  osKind: 'client' | 'server';
  architecture: Architecture;
  machineSid?: string;
  machineGuid?: string;
  susClientId?: string;
  dhcpv6Duid?: string;
  computerName?: string;
  generalization: {
    state: GeneralizationFacts['state'];
    imageState?: string;
    sysprepTag: boolean;
  };
  /**
   * Generalized by sysprep or resealed by winprep: SID, MachineGuid, SusClientId and the computer name are
   * regenerated at first boot (specialize, docs/reference/generalization.md#generalize-scope, docs/reference/generalization.md#identities), so clones of this image are not duplicates.
   */
  identitiesRegenerated: boolean;
  /** Whether clones get their own CMID: only a rearm makes one, and SkipRearm=1 skips it (docs/reference/generalization.md#rearm, docs/reference/generalization.md#pitfalls). */
  cmidRegenerated: boolean;
  /** Why clones share the CMID, when they do. */
  cmidSharedBecause?: 'not generalized' | 'registry SkipRearm=1' | 'answer file SkipRearm=1 in the generalize pass';
  keyChannel: KeyChannel;
  /** Last 5 characters of the installed key, never the whole key. */
  partialProductKey?: string;
  kms: FingerprintKms;
}

export function fingerprintFromFacts(facts: ImageFacts): Fingerprint {
  const {identity, licensing, generalization, os} = facts;
  const identitiesRegenerated = generalization.state !== 'not-generalized';
  const cmidSharedBecause = cmidSharedReason(facts);
  return {
    kind: FINGERPRINT_KIND,
    version: FINGERPRINT_VERSION,
    source: defined({path: facts.path, kind: facts.kind, index: facts.index}),
    ...defined({
      edition: os.editionId,
      productName: os.productName,
      build: os.build,
    }),
    osKind: os.kind,
    architecture: os.architecture,
    ...defined({
      machineSid: identity.machineSid,
      machineGuid: identity.machineGuid,
      susClientId: identity.susClientId,
      dhcpv6Duid: identity.dhcpv6Duid,
      computerName: identity.computerName,
    }),
    generalization: defined({state: generalization.state, imageState: generalization.imageState, sysprepTag: generalization.sysprepTag}),
    identitiesRegenerated,
    cmidRegenerated: cmidSharedBecause === undefined,
    ...defined({cmidSharedBecause}),
    keyChannel: licensing.keyChannel,
    ...defined({partialProductKey: licensing.partialProductKey?.slice(-5)}),
    kms: defined({
      mode: licensing.client.mode,
      host: licensing.client.host,
      port: licensing.client.port,
      lookupDomain: licensing.client.lookupDomain,
      hostCachingDisabled: licensing.client.hostCachingDisabled,
      skipRearm: licensing.skipRearm,
      cachedHost: licensing.cachedKmsHost,
    }),
  };
}

/**
 * Rearm makes the new CMID. It never ran on a non-generalized image; registry SkipRearm=1 makes it a no-op;
 * a sysprep generalize run with an answer file's SkipRearm=1 skipped it (docs/reference/generalization.md#rearm). winprep's own
 * reseal rearms at first boot, where only the registry value applies.
 */
function cmidSharedReason(facts: ImageFacts): Fingerprint['cmidSharedBecause'] {
  if (facts.generalization.state === 'not-generalized') return 'not generalized';
  if (facts.licensing.skipRearm === 1) return 'registry SkipRearm=1';
  const skippedInGeneralize = facts.answerFiles.some((file) => file.skipRearm.some((s) => s.pass === 'generalize' && /^(1|true)$/i.test(s.value.trim())));
  if (facts.generalization.state === 'generalized-by-sysprep' && skippedInGeneralize) return 'answer file SkipRearm=1 in the generalize pass';
  return undefined;
}

/** Drop undefined members so the JSON has a stable set of keys per image. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
