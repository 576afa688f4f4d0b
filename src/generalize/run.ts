/**
 * Running generalize: `stageGeneralize` stages the chosen operations on an open image (what `image prepare`
 * calls); `generalizeImage` opens, inspects, stages, and commits — or, with dryRun, reports the same change
 * set and discards it (the image is opened read-only and never touched).
 */
import type {ImageFacts} from '../facts/facts.js';
import type {ReadPattern} from '../image/read-patterns.js';
import type {Image} from '../image/types.js';
import {usageError} from '../errors.js';
import {summarizeChanges} from '../workflow/changes.js';
import {runStagedImage, type StageStep} from '../workflow/staged-run.js';
import {checkComputerName} from './computer-name-pattern.js';
import {inferredMarker} from './inferred-marker.js';
import {winprepVersion} from './package-files.js';
import {OPERATIONS, resolveOperations} from './registry.js';
import {regTextOf} from './reg-text.js';
import {notApplicable} from './result.js';
import type {
  GeneralizeOptions,
  GeneralizeResult,
  Operation,
  OperationContext,
  OperationReport,
  ResolvedGeneralizeOptions,
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
  const marker = await inferredMarker(op, result, ctx);
  return {name: op.name, heading: op.heading, evidence: op.evidence, basis: op.basis, ...result, changes: [...result.changes, ...marker]};
}

/** Stage the chosen operations on an open image; nothing is committed. */
export async function stageGeneralize(image: Image, facts: ImageFacts, options: StageOptions = {}): Promise<StagedGeneralize> {
  const {operations, resolved} = planGeneralize(options);
  const ctx: OperationContext = {image, facts, options: resolved};
  const reports: OperationReport[] = [];
  for (const op of operations) reports.push(await stageOperation(op, ctx));
  return {operations: reports, disabled: disabledNames(operations)};
}

/** What the operations read beyond the image facts, for the image to prefetch. */
export const operationReads = (operations: readonly Operation[]): ReadPattern[] => operations.flatMap((op) => op.reads ?? []);

/** What any operation may read: for a run whose operations a profile picks once the image is open. */
export const OPERATION_READS: readonly ReadPattern[] = operationReads(OPERATIONS);

const disabledNames = (enabled: Operation[]): string[] => OPERATIONS.filter((op) => !enabled.includes(op)).map((op) => op.name);

/** `winprep image generalize`: open, inspect, stage the operations, then commit (or discard under dryRun). */
export async function generalizeImage(imagePath: string, options: GeneralizeOptions = {}): Promise<GeneralizeResult> {
  const {operations, resolved} = planGeneralize(options);
  const dryRun = Boolean(options.dryRun);
  const run = await runStagedImage(imagePath, options, {
    state: [] as OperationReport[],
    reads: operationReads(operations),
    stages: operations.map(
      (op): StageStep<OperationReport[]> => ({
        title: `${op.name}: ${op.heading}`,
        run: async ({image, facts}, reports, report) => {
          const r = await stageOperation(op, {image, facts, options: resolved});
          reports.push(r);
          report(r.status === 'changed' ? `${r.changes.length} change(s)` : r.status);
        },
      }),
    ),
  });
  const reports = run.state;
  return {
    image: run.image,
    dryRun,
    operations: reports,
    disabled: disabledNames(operations),
    summary: {
      changed: reports.filter((r) => r.status === 'changed').length,
      unchanged: reports.filter((r) => r.status === 'unchanged').length,
      notApplicable: reports.filter((r) => r.status === 'not-applicable').length,
    },
    files: summarizeChanges(run.files),
    reg: regTextOf(reports),
    committed: run.committed,
    backups: run.backups,
    ...(run.commitNotes ? {commitNotes: run.commitNotes} : {}),
    warnings: generalizeWarnings(run.image.path, run.facts, operations),
  };
}

/**
 * Generalize resets what it can offline, but an image sysprep never generalized keeps every identity only a
 * specialize pass makes anew (the machine SID first), and no specialize pass runs at its first boot: Microsoft
 * supports duplicating only sysprep-generalized installations
 * (https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication).
 * Said here, not only by `image validate` (WP010), so that "committed" is never read as "ready to clone".
 */
function generalizeWarnings(imagePath: string, facts: ImageFacts, operations: readonly Operation[]): string[] {
  if (facts.generalization.state !== 'not-generalized' || operations.some((op) => op.name === 'reseal')) return [];
  return [
    `${imagePath} was never generalized by sysprep: these operations do not make its clones distinct (the machine SID and the other identities only a specialize pass resets stay shared) and image validate fails it (WP010); run sysprep /generalize /oobe in the reference machine and capture it again`,
  ];
}
