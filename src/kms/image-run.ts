/**
 * Open an image, stage KMS changes, then commit — or, for a dry run, report the staged changes and discard.
 * Any failure discards, so a refused value or a corrupt file leaves the image exactly as it was.
 */
import {badInput} from '../errors.js';
import type {ImageFacts} from '../image/facts.js';
import {openImage} from '../image/index.js';
import {inspectImage} from '../image/inspect.js';
import {IMAGE_PATHS, type FileChange, type Image} from '../image/types.js';
import {licensingKeys} from '../licensing/index.js';
import type {HiveApi} from '../registry/types.js';
import type {FileChangeSummary, ImageTarget} from './types.js';

export interface ImageRunOptions {
  index?: number;
  dryRun?: boolean;
  backup?: boolean;
  forceDirty?: boolean;
}

export interface StagedRun<T> {
  result: T;
  files: FileChangeSummary[];
}

export async function withStagedImage<T>(
  imagePath: string,
  options: ImageRunOptions,
  stage: (image: Image, facts: ImageFacts) => Promise<T>,
): Promise<StagedRun<T>> {
  const image = await openImage(imagePath, {index: options.index, backup: options.backup, forceDirty: options.forceDirty});
  try {
    const facts = await inspectImage(image);
    const result = await stage(image, facts);
    const files = summarizeChanges(await image.changes());
    if (options.dryRun) await image.discard();
    else await image.commit();
    return {result, files};
  } catch (error) {
    await image.discard().catch(() => undefined);
    throw error;
  }
}

export async function withReadOnlyImage<T>(imagePath: string, options: {index?: number}, read: (image: Image, facts: ImageFacts) => Promise<T>): Promise<T> {
  const image = await openImage(imagePath, {index: options.index, readOnly: true});
  try {
    return await read(image, await inspectImage(image));
  } finally {
    await image.discard().catch(() => undefined);
  }
}

export function summarizeChanges(changes: FileChange[]): FileChangeSummary[] {
  return changes.map((c) =>
    c.action === 'delete' ? {path: c.path, action: 'delete'} : {path: c.path, action: c.before ? 'replace' : 'create', bytes: c.after?.length},
  );
}

export function imageTarget(facts: ImageFacts): ImageTarget {
  const generation = facts.os.licensingGeneration;
  return {
    path: facts.path,
    index: facts.index,
    generation,
    architecture: facts.os.architecture,
    editionId: facts.os.editionId,
    build: facts.os.build,
    keyPath: licensingKeys(generation).display,
  };
}

export async function softwareHive(image: Image): Promise<HiveApi> {
  const hive = await image.hive(IMAGE_PATHS.softwareHive);
  if (!hive) throw badInput(`no SOFTWARE hive at ${IMAGE_PATHS.softwareHive}`, {file: image.path, code: 'NO_SOFTWARE_HIVE'});
  return hive;
}
