/**
 * Running generalize: `stageGeneralize` stages the chosen operations on an open image (what `image prepare`
 * calls); `generalizeImage` opens, inspects, stages, and commits — or, with dryRun, reports the same change
 * set and discards it (the image is opened read-only and never touched).
 */
import {commitProgressReporter} from '../image/commit-progress.js';
import type {ImageFacts} from '../image/facts.js';
import {openImage} from '../image/index.js';
import {inspectImage} from '../image/inspect.js';
import type {FileChange, Image} from '../image/types.js';
import {usageError} from '../errors.js';
import {checkComputerName} from './computer-name-pattern.js';
import {winprepVersion} from './package-files.js';
import {OPERATIONS, resolveOperations} from './registry.js';
import {regTextOf} from './reg-text.js';
import {notApplicable} from './result.js';
import type {
  GeneralizeOptions,
  GeneralizeResult,
  GeneralizeStep,
  Operation,
  OperationContext,
  OperationReport,
  ResolvedGeneralizeOptions,
  StepRunner,
} from './types.js';

export interface StageOptions {
  operations?: string[];
  computerName?: string;
  /** Rename a domain-joined image anyway (computer-name skips it otherwise) */
  renameDomainJoined?: boolean;
  now?: () => Date;
}

export interface StagedGeneralize {
  operations: OperationReport[];
  disabled: string[];
}

/** Check the options before anything is opened: unknown operations and misplaced flags are usage errors. */
export function planGeneralize(options: StageOptions): {operations: Operation[]; resolved: ResolvedGeneralizeOptions} {
  const operations = resolveOperations(options.operations);
  if (options.computerName !== undefined) {
    checkComputerName(options.computerName);
    if (!operations.some((op) => op.name === 'computer-name')) {
      throw usageError('--computer-name needs the computer-name operation, which is not enabled', {code: 'OPERATION_NOT_ENABLED'});
    }
  }
  const resolved = {computerName: options.computerName ?? '*', renameDomainJoined: options.renameDomainJoined ?? false, version: winprepVersion(), now: options.now ?? (() => new Date())};
  return {operations, resolved};
}

/** Run one operation, or report it not applicable to this Windows (appliesTo). */
export async function stageOperation(op: Operation, ctx: OperationContext): Promise<OperationReport> {
  const {licensingGeneration, kind, family} = ctx.facts.os;
  const result =
    op.appliesTo.generations.includes(licensingGeneration) && op.appliesTo.kinds.includes(kind)
      ? await op.stage(ctx)
      : notApplicable(`does not apply to ${family ?? `${kind} (${licensingGeneration})`}`);
  return {name: op.name, heading: op.heading, evidence: op.evidence, basis: op.basis, ...result};
}

/** Stage the chosen operations on an open image; nothing is committed. */
export async function stageGeneralize(image: Image, facts: ImageFacts, options: StageOptions = {}): Promise<StagedGeneralize> {
  const {operations, resolved} = planGeneralize(options);
  const ctx: OperationContext = {image, facts, options: resolved};
  const reports: OperationReport[] = [];
  for (const op of operations) reports.push(await stageOperation(op, ctx));
  return {operations: reports, disabled: disabledNames(operations)};
}

const disabledNames = (enabled: Operation[]): string[] => OPERATIONS.filter((op) => !enabled.includes(op)).map((op) => op.name);

interface RunState {
  image?: Image;
  facts?: ImageFacts;
  reports: OperationReport[];
  files: FileChange[];
  backups: string[];
  committed: boolean;
}

const sequential: StepRunner = async (steps, ctx) => {
  for (const step of steps) await step.run(ctx, () => {});
  return ctx;
};

/** `winprep image generalize`: open, inspect, stage the operations, then commit (or discard under dryRun). */
export async function generalizeImage(imagePath: string, options: GeneralizeOptions = {}): Promise<GeneralizeResult> {
  const {operations, resolved} = planGeneralize(options);
  const dryRun = Boolean(options.dryRun);
  const state: RunState = {reports: [], files: [], backups: [], committed: false};
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('generalize step ran out of order');
    return value;
  };
  const steps: GeneralizeStep<RunState>[] = [
    {
      title: `Open ${imagePath}${dryRun ? ' (read-only, dry run)' : ''}`,
      run: async (s) => {
        s.image = await openImage(imagePath, {index: options.index, partition: options.partition, root: options.root, backup: options.backup, forceDirty: options.forceDirty, replayLogs: options.replayLogs, readOnly: dryRun});
      },
    },
    {
      title: 'Inspect the image',
      run: async (s, report) => {
        s.facts = await inspectImage(need(s.image));
        report(`${s.facts.os.displayName ?? s.facts.os.family ?? 'Windows'} (${s.facts.generalization.state})`);
      },
    },
    ...operations.map(
      (op): GeneralizeStep<RunState> => ({
        title: `${op.name}: ${op.heading}`,
        run: async (s, report) => {
          const r = await stageOperation(op, {image: need(s.image), facts: need(s.facts), options: resolved});
          s.reports.push(r);
          report(r.status === 'changed' ? `${r.changes.length} change(s)` : r.status);
        },
      }),
    ),
    {
      title: dryRun ? 'Discard the staged changes (dry run)' : 'Commit',
      run: async (s, report) => {
        const image = need(s.image);
        s.files = await image.changes();
        if (dryRun || s.files.length === 0) {
          await image.discard();
          return;
        }
        const committed = await image.commit({onProgress: commitProgressReporter(report)});
        s.backups = committed.backups;
        s.committed = true;
      },
    },
  ];
  const runner = options.runSteps ?? sequential;
  try {
    await runner(steps, state);
  } finally {
    if (!state.committed) await state.image?.discard();
  }
  const image = need(state.image);
  return {
    image: {path: image.path, kind: image.kind, ...(image.index === undefined ? {} : {index: image.index})},
    dryRun,
    operations: state.reports,
    disabled: disabledNames(operations),
    summary: {
      changed: state.reports.filter((r) => r.status === 'changed').length,
      unchanged: state.reports.filter((r) => r.status === 'unchanged').length,
      notApplicable: state.reports.filter((r) => r.status === 'not-applicable').length,
    },
    files: state.files.map((f) => ({path: f.path, action: f.action === 'delete' ? 'delete' : f.before ? 'write' : 'create'})),
    reg: regTextOf(state.reports),
    committed: state.committed,
    backups: state.backups,
  };
}
