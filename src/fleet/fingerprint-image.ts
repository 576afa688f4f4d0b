/**
 * Fingerprint an image on disk: open read-only, inspect, build the record. Kept apart from the pure
 * builder so the fleet audit loads the image layer only when an input is an image.
 */
import {openImage} from '../image/index.js';
import {inspectImage} from '../image/inspect.js';
import {type Fingerprint, fingerprintFromFacts} from './fingerprint.js';

export interface FingerprintImageOptions {
  /** WIM image index (1-based). */
  index?: number;
}

export async function fingerprintImage(path: string, options: FingerprintImageOptions = {}): Promise<Fingerprint> {
  const image = await openImage(path, {readOnly: true, index: options.index});
  try {
    return fingerprintFromFacts(await inspectImage(image));
  } finally {
    await image.discard();
  }
}
