/**
 * The operation registry's types: one record per generalize operation (virt-sysprep's model,
 * docs/reference/design.md#operation-registry), and the typed results `image generalize` returns.
 */
import type {ImageFacts, LicensingGeneration} from '../facts/facts.js';
import type {ReadPattern} from '../image/read-patterns.js';
import type {Image, ImageKind, WimImageRef} from '../image/types.js';
import type {RegistryChange} from '../registry/changes.js';
import type {FileAction, FileChangeSummary} from '../workflow/changes.js';
import type {StepRunner} from '../workflow/steps.js';
import type {Integer} from '../json-types.js';

export type OperationStatus = 'changed' | 'unchanged' | 'not-applicable';

/** A registry value an operation set or deleted: the one change record of every command (src/registry/changes.ts). */
export type {RegistryChange};

/** A setting of an answer file an operation changed or added. */
export interface AnswerFileChange {
  kind: 'answer-file';
  path: string;
  pass: string;
  component: string;
  /** Setting path inside the component, e.g. `SkipRearm` or `RunSynchronous/RunSynchronousCommand[Order=1]` */
  setting: string;
  before?: string;
  after?: string;
}

/** A file an operation wrote or deleted (contents never shown: they may hold secrets). */
export interface FileChangeRecord {
  kind: 'file';
  path: string;
  action: FileAction;
  before?: string;
  after?: string;
}

export type Change = RegistryChange | AnswerFileChange | FileChangeRecord;

export interface OperationResult {
  status: OperationStatus;
  changes: Change[];
  /** Why not applicable, what was only reported, or what the user should know */
  notes: string[];
}

export type OsKind = 'client' | 'server';

export interface AppliesTo {
  generations: LicensingGeneration[];
  kinds: OsKind[];
}

/** What an operation gets to work with: the open image, its facts, and the run's options. */
export interface OperationContext {
  image: Image;
  facts: ImageFacts;
  options: ResolvedGeneralizeOptions;
}

/**
 * What an operation rests on: a public source that documents it, or an inference (why it is believed).
 * Inferred operations are off by default, are labelled in --list-operations, dry runs and results, and leave
 * a marker that keeps validate from a clean FIT.
 */
export type OperationBasis = {kind: 'documented'; source: string} | {kind: 'inferred'; why: string};

export interface Operation {
  /** kebab-case, [a-z0-9-] */
  name: string;
  /** One line, no trailing period */
  heading: string;
  defaultOn: boolean;
  appliesTo: AppliesTo;
  basis: OperationBasis;
  /** Where to read more: a public https URL or a docs/ page of this repository */
  evidence: string;
  /** Why the operation is off by default, or what may go wrong */
  riskNote?: string;
  /** Run order: lower first; answer-file and reseal steps run after the files they edit are settled */
  order: number;
  /** Files the operation reads beyond the image facts (src/facts/reads.ts), prefetched when the image is opened. */
  reads?: readonly ReadPattern[];
  stage(ctx: OperationContext): Promise<OperationResult>;
}

export interface ResolvedGeneralizeOptions {
  /** Answer-file ComputerName for specialize: `*` (random) or a literal name */
  computerName: string;
  /** Rename a domain-joined image anyway (--rename-domain-joined); absent = no */
  renameDomainJoined?: boolean;
  /** winprep version recorded in the reseal marker */
  version: string;
  /** Clock for the reseal marker's Time (injectable for tests) */
  now: () => Date;
}

export interface GeneralizeOptions {
  /** `--operations` values (set algebra); absent = the defaults */
  operations?: string[];
  computerName?: string;
  /** computer-name renames a domain-joined image only with this (--rename-domain-joined) */
  renameDomainJoined?: boolean;
  dryRun?: boolean;
  backup?: boolean;
  index?: WimImageRef;
  /** Disk image partition holding Windows. */
  partition?: number;
  /** A tar archive's folder holding Windows (OpenImageOptions.root). */
  root?: string;
  forceDirty?: boolean;
  /** Replay dirty hives' transaction logs and save them recovered (--replay-logs). */
  replayLogs?: boolean;
  /** Rebuild a WIM after the edit (--compact). */
  compact?: boolean;
  now?: () => Date;
  /** Renders the progress steps (the command passes src/cli/progress.ts stepRunner); default: sequential, silent */
  runSteps?: StepRunner;
}

export interface OperationReport extends OperationResult {
  name: string;
  heading: string;
  evidence: string;
  basis: OperationBasis;
}

export interface GeneralizeResult {
  image: {path: string; kind: ImageKind; index?: Integer};
  dryRun: boolean;
  operations: OperationReport[];
  /** Operations of the registry that were not run */
  disabled: string[];
  summary: {changed: Integer; unchanged: Integer; notApplicable: Integer};
  /** Every file the run writes or deletes (hives included), in staging order */
  files: FileChangeSummary[];
  /** Registry changes as .reg text (Windows Registry Editor Version 5.00) */
  reg: string;
  committed: boolean;
  backups: string[];
  /** Why the commit took the time it did (a WIM rebuilt in full); absent when nothing to say. */
  commitNotes?: string[];
  /** What the user must know before cloning the result (an image sysprep never generalized). */
  warnings: string[];
}
