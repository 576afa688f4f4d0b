/** Opening sample images for generalize tests: facts from the real inspect, hives from the real engine. */
import type {ImageFacts} from '../../src/facts/facts.js';
import {openImage} from '../../src/image/index.js';
import {inspectImage} from '../../src/facts/inspect.js';
import type {Image} from '../../src/image/types.js';
import {readString} from '../../src/registry/index.js';
import type {HiveApi} from '../../src/registry/types.js';

export const FIXED_NOW = () => new Date('2026-01-02T03:04:05.000Z');

export async function openWithFacts(imagePath: string, readOnly = false): Promise<{image: Image; facts: ImageFacts}> {
  const image = await openImage(imagePath, {readOnly});
  try {
    return {image, facts: await inspectImage(image)};
  } catch (error) {
    await image.discard();
    throw error;
  }
}

export async function hiveOf(image: Image, innerPath: string): Promise<HiveApi> {
  const hive = await image.hive(innerPath);
  if (!hive) throw new Error(`no hive ${innerPath}`);
  return hive;
}

export const stringAt = (hive: HiveApi, key: string, name: string): string | undefined => readString(hive.getValue(key, name));

export async function textOf(image: Image, innerPath: string): Promise<string | undefined> {
  return (await image.readFile(innerPath))?.toString('utf8');
}
