/**
 * Open an image, stage KMS changes, then commit — or, for a dry run, report the staged changes and discard.
 * Any failure discards, so a refused value or a corrupt file leaves the image exactly as it was.
 */
import {WinprepError, badInput} from '../errors.js';
import type {ImageFacts} from '../image/facts.js';
import {openImage} from '../image/index.js';
import {inspectImage} from '../image/inspect.js';
import {IMAGE_PATHS, type FileChange, type Image} from '../image/types.js';
import {licensingKeys} from '../licensing/index.js';
import type {HiveApi} from '../registry/types.js';
import type {FileChangeSummary, ImageTarget} from './types.js';
import {commitProgressReporter} from '../image/commit-progress.js';

export interface ImageRunOptions {
  index?: number;
  /** Disk image partition holding Windows. */
  partition?: number;
  /** A tar archive's folder holding Windows (OpenImageOptions.root). */
  root?: string;
  dryRun?: boolean;
  backup?: boolean;
  forceDirty?: boolean;
  /** Replay dirty hives' transaction logs and save them recovered (--replay-logs). */
  replayLogs?: boolean;
  /** Runs the progress steps (commands pass runSteps from src/cli/progress.ts); default: sequential, silent. */
  runSteps?: StepRunner;
}

export interface RunStep<Ctx> {
  title: string;
  run: (ctx: Ctx, report: (output: string) => void) => Promise<void> | void;
}

export type StepRunner = <Ctx extends object>(steps: RunStep<Ctx>[], ctx: Ctx) => Promise<Ctx>;

const sequential: StepRunner = async (steps, ctx) => {
  for (const step of steps) await step.run(ctx, () => undefined);
  return ctx;
};

interface RunState<T> {
  image?: Image;
  facts?: ImageFacts;
  result?: T;
  files?: FileChangeSummary[];
}

const need = <T>(value: T | undefined): T => {
  if (value === undefined) throw new WinprepError('internal', 'KMS step ran out of order');
  return value;
};

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
  const dryRun = Boolean(options.dryRun);
  const state: RunState<T> = {};
  const steps: RunStep<RunState<T>>[] = [
    {
      title: `Open ${imagePath}${dryRun ? ' (read-only, dry run)' : ''}`,
      run: async (s) => {
        s.image = await openImage(imagePath, {index: options.index, partition: options.partition, root: options.root, backup: options.backup, forceDirty: options.forceDirty, replayLogs: options.replayLogs, readOnly: dryRun});
      },
    },
    {title: 'Read the image facts', run: async (s) => void (s.facts = await inspectImage(need(s.image)))},
    {title: 'Stage the KMS configuration', run: async (s) => void (s.result = await stage(need(s.image), need(s.facts)))},
    {
      title: dryRun ? 'Report the changes (image untouched)' : 'Commit the changes',
      run: async (s, report) => {
        const image = need(s.image);
        s.files = summarizeChanges(await image.changes());
        if (dryRun) await image.discard();
        else await image.commit({onProgress: commitProgressReporter(report)});
        s.image = undefined;
      },
    },
  ];
  try {
    await (options.runSteps ?? sequential)(steps, state);
  } catch (error) {
    await state.image?.discard().catch(() => undefined);
    throw error;
  }
  return {result: need(state.result), files: need(state.files)};
}

export async function withReadOnlyImage<T>(imagePath: string, options: {index?: number; partition?: number}, read: (image: Image, facts: ImageFacts) => Promise<T>): Promise<T> {
  const image = await openImage(imagePath, {index: options.index, partition: options.partition, readOnly: true});
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
