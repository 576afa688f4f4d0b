/** Location helpers shared by rules: the hive files and keys winprep reads (docs/reference/generalization.md#identities, docs/reference/kms.md#registry-locations). */
import type {ImageFacts} from '../facts/facts.js';
import {IMAGE_PATHS} from '../image/types.js';
import type {FindingLocation} from './types.js';

export const softwareValue = (key: string, value?: string): FindingLocation => ({file: IMAGE_PATHS.softwareHive, key, value});

export const systemValue = (facts: ImageFacts, keyBelowControlSet: string, value?: string): FindingLocation => ({
  file: IMAGE_PATHS.systemHive,
  key: `${facts.controlSet.name}\\${keyBelowControlSet}`,
  value,
});

export const licensingValue = (facts: ImageFacts, value: string): FindingLocation => softwareValue(facts.licensing.keyPath, value);

export const describeLocation = (location: FindingLocation): string =>
  [location.file, location.key, location.value].filter((part) => part !== undefined && part !== '').join(' → ');
