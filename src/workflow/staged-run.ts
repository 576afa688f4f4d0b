/**
 * The one staged run behind every command that changes an image (generalize, kms client/host, prepare):
 * open the image (read-only for a dry run) → read its facts → stage the feature's changes → decide → commit,
 * or discard. Any failure discards, so a refused value or a corrupt file leaves the image exactly as it was.
 */
import {WinprepError} from '../errors.js';
import type {ImageFacts} from '../facts/facts.js';
import {commitProgressReporter} from '../image/commit-progress.js';
import {openImage} from '../image/index.js';
import {inspectImage} from '../facts/inspect.js';
import {FACT_READS} from '../facts/reads.js';
import type {ReadPattern} from '../image/read-patterns.js';
import type {StepReport} from '../image/commit-progress.js';
import type {FileChange, Image, ImageKind, WimImageRef} from '../image/types.js';
import type {Integer} from '../json-types.js';
import {runSequentially, type Step, type StepRunner} from './steps.js';

/** How to open the image and run the steps: what a command's image-write flags give. */
export interface StagedRunOptions {
  /** WIM image index; `index()` of the plan fills it in when absent. */
  index?: WimImageRef;
  /** Disk image partition holding Windows. */
  partition?: number;
  /** A tar archive's folder holding Windows (OpenImageOptions.root). */
  root?: string;
  dryRun?: boolean;
  backup?: boolean;
  forceDirty?: boolean;
  /** Replay dirty hives' transaction logs and save them recovered (--replay-logs). */
  replayLogs?: boolean;
  /** WIM: rebuild after the edit, reclaiming the zeroed holes (--compact). */
  compact?: boolean;
  /** Renders the progress steps (commands pass stepRunner from src/cli/progress.ts); default: sequential, silent. */
  runSteps?: StepRunner;
}

/** The open image and its facts, as every stage step receives them. */
export interface Staging {
  image: Image;
  facts: ImageFacts;
}

/** One step that stages changes on the open image, recording what it did in the feature's state S. */
export interface StageStep<S> {
  title: string;
  run: (staging: Staging, state: S, report: StepReport) => Promise<void> | void;
  /** Returning a string skips the step with that reason shown. */
  skip?: (state: S) => string | false;
}

export interface StagedRunPlan<S> {
  /** The feature's own record of what it staged; the stage steps fill it in. */
  state: S;
  stages: StageStep<S>[];
  /**
   * Whether a real (not dry) run commits what was staged; default: commit when anything changed.
   * Decided after every stage ran, so a check among the stages can hold the commit back.
   */
  commitIf?: (state: S, files: FileChange[]) => boolean;
  /** Files the stages read beyond the image facts (src/facts/reads.ts), prefetched when the image is opened. */
  reads?: readonly ReadPattern[];
  /** The WIM index when the options give none, once the image kind can be told (a profile's image.index). */
  index?: () => Promise<WimImageRef | undefined>;
}

export interface StagedRunResult<S> {
  image: {path: string; kind: ImageKind; index?: Integer};
  facts: ImageFacts;
  state: S;
  /** Every file the run staged (hives included), in staging order — committed only when `committed`. */
  files: FileChange[];
  committed: boolean;
  backups: string[];
  /** Why the commit took the path it did (a WIM rebuilt instead of edited in place, …); absent when nothing to say. */
  commitNotes?: string[];
}

interface RunContext<S> {
  image?: Image;
  facts?: ImageFacts;
  /** Committed or discarded: nothing is left to clean up. */
  closed: boolean;
  files: FileChange[];
  backups: string[];
  commitNotes?: string[];
  committed: boolean;
  state: S;
}

const need = <T>(value: T | undefined): T => {
  if (value === undefined) throw new WinprepError('internal', 'staged-run step ran out of order');
  return value;
};

/** Run a plan on the image at imagePath; see the module comment for the order. */
export async function runStagedImage<S>(imagePath: string, options: StagedRunOptions, plan: StagedRunPlan<S>): Promise<StagedRunResult<S>> {
  const dryRun = Boolean(options.dryRun);
  const ctx: RunContext<S> = {closed: false, files: [], backups: [], committed: false, state: plan.state};
  const staging = (c: RunContext<S>): Staging => ({image: need(c.image), facts: need(c.facts)});
  const steps: Step<RunContext<S>>[] = [
    {
      title: `Open ${imagePath}${dryRun ? ' (read-only, dry run)' : ''}`,
      run: async (c) => {
        const index = options.index ?? (await plan.index?.());
        c.image = await openImage(imagePath, {prefetch: [...FACT_READS, ...(plan.reads ?? [])], index, partition: options.partition, root: options.root, backup: options.backup, forceDirty: options.forceDirty, replayLogs: options.replayLogs, compact: options.compact, readOnly: dryRun});
      },
    },
    {
      title: 'Read the image facts',
      run: async (c, report) => {
        c.facts = await inspectImage(need(c.image));
        report(`${c.facts.os.displayName ?? c.facts.os.family ?? 'Windows'} (${c.facts.generalization.state})`);
      },
    },
    ...plan.stages.map(
      (stage): Step<RunContext<S>> => ({
        title: stage.title,
        skip: stage.skip ? (c) => stage.skip!(c.state) : undefined,
        run: (c, report) => stage.run(staging(c), c.state, report),
      }),
    ),
    {
      title: dryRun ? 'Discard the staged changes (dry run)' : 'Commit',
      run: async (c, report) => {
        const image = need(c.image);
        c.files = await image.changes();
        const commit = plan.commitIf ? plan.commitIf(c.state, c.files) : c.files.length > 0;
        if (dryRun || !commit) {
          await image.discard();
        } else {
          const committed = await image.commit({onProgress: commitProgressReporter(report)});
          c.backups = committed.backups;
          if (committed.notes && committed.notes.length > 0) c.commitNotes = committed.notes;
          c.committed = true;
        }
        c.closed = true;
      },
    },
  ];
  try {
    await (options.runSteps ?? runSequentially)(steps, ctx);
  } catch (error) {
    // Discard errors are secondary: the error that stopped the run is the one to report.
    if (!ctx.closed) await ctx.image?.discard().catch(() => undefined);
    throw error;
  }
  const image = need(ctx.image);
  return {
    image: {path: image.path, kind: image.kind, ...(image.index === undefined ? {} : {index: image.index})},
    facts: need(ctx.facts),
    state: ctx.state,
    files: ctx.files,
    committed: ctx.committed,
    backups: ctx.backups,
    ...(ctx.commitNotes ? {commitNotes: ctx.commitNotes} : {}),
  };
}

/** Open read-only, read the facts, run `read`, and always discard: the run of every read-only command. */
export async function withReadOnlyImage<T>(imagePath: string, options: {index?: WimImageRef; partition?: number}, read: (image: Image, facts: ImageFacts) => Promise<T>): Promise<T> {
  const image = await openImage(imagePath, {prefetch: FACT_READS, index: options.index, partition: options.partition, readOnly: true});
  try {
    return await read(image, await inspectImage(image));
  } finally {
    await image.discard().catch(() => undefined);
  }
}
