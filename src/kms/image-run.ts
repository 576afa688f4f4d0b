/**
 * Open an image, stage KMS changes, then commit — or, for a dry run, report the staged changes and discard.
 * Any failure discards, so a refused value or a corrupt file leaves the image exactly as it was.
 */
import {WinprepError, badInput} from '../errors.js';
import type {ImageFacts} from '../facts/facts.js';
import {IMAGE_PATHS, type Image} from '../image/types.js';
import {licensingKeys} from '../licensing/index.js';
import type {HiveApi} from '../registry/types.js';
import type {FileChangeSummary, ImageTarget} from './types.js';
import {summarizeChanges} from '../workflow/changes.js';
import {KMS_READS} from './reads.js';
import {runStagedImage, type StagedRunOptions} from '../workflow/staged-run.js';

export {withReadOnlyImage} from '../workflow/staged-run.js';

/** How kms commands open and run on an image: the staged run's options. */
export type ImageRunOptions = StagedRunOptions;

export interface StagedRun<T> {
  result: T;
  files: FileChangeSummary[];
}

/** Open (read-only for a dry run), inspect, stage, then commit — or report and discard for a dry run. */
export async function withStagedImage<T>(
  imagePath: string,
  options: ImageRunOptions,
  stage: (image: Image, facts: ImageFacts) => Promise<T>,
): Promise<StagedRun<T>> {
  const run = await runStagedImage(imagePath, options, {
    state: {} as {result?: T},
    reads: KMS_READS,
    stages: [{title: 'Stage the KMS configuration', run: async ({image, facts}, state) => void (state.result = await stage(image, facts))}],
  });
  if (run.state.result === undefined) throw new WinprepError('internal', 'the KMS stage step did not run');
  return {result: run.state.result, files: summarizeChanges(run.files)};
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
