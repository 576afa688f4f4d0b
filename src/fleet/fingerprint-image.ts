/**
 * Fingerprint an image on disk: inspect it read-only (no lock, nothing written) and build the record.
 * Kept apart from the pure builder so the fleet audit loads the image layer only when an input is an image.
 */
import {inspectImagePath} from '../facts/inspect.js';
import type {WimImageRef} from '../image/types.js';
import {type Fingerprint, fingerprintFromFacts} from './fingerprint.js';

export interface FingerprintImageOptions {
  /** WIM image: its 1-based index or its name. */
  index?: WimImageRef;
  /** Disk image partition holding Windows. */
  partition?: number;
}

export async function fingerprintImage(path: string, options: FingerprintImageOptions = {}): Promise<Fingerprint> {
  return fingerprintFromFacts(await inspectImagePath(path, {index: options.index, partition: options.partition}));
}
