/**
 * The rule model of `image validate`: each rule has a stable ID, a severity, the deployment targets it
 * applies to, the evidence it rests on (public sources, or why it is inferred), and a check that returns findings with the
 * exact location and a fix hint naming the winprep command that fixes it.
 */
import type {ImageFacts} from '../facts/facts.js';
import type {ReadPattern} from '../image/read-patterns.js';
import type {Image} from '../image/types.js';
import type {UnattendDoc} from '../unattend/index.js';
import type {Integer} from '../json-types.js';

export type Severity = 'error' | 'warning' | 'info';
export type ValidateTarget = 'duplication' | 'wds';
/** What the image is meant to become: a KMS client (default) or a KMS host. */
export type ImageRole = 'client' | 'host';

export const VALIDATE_TARGETS: readonly ValidateTarget[] = ['duplication', 'wds'];

/** Where a finding points: a registry value (hive file + key + value) or a file inside the image. */
export interface FindingLocation {
  file: string;
  key?: string;
  value?: string;
}

export interface Finding {
  ruleId: string;
  /** A finding may be milder than its rule (e.g. info for a winprep-resealed image). */
  severity: Severity;
  message: string;
  location?: FindingLocation;
  fix?: string;
}

export interface ParsedAnswerFile {
  path: string;
  doc?: UnattendDoc;
  error?: string;
}

export interface RuleContext {
  image: Image;
  facts: ImageFacts;
  target: ValidateTarget;
  role: ImageRole;
  answerFiles: ParsedAnswerFile[];
  /** WIM XML metadata of the image, for WIM images only. */
  wimMetadata?: {editionId?: string; architecture?: string; productName?: string};
}

/** A finding before the rule stamps its ID on it. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'severity'> & {severity?: Severity};

export interface Rule {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  targets: readonly ValidateTarget[];
  /**
   * The rule's basis: "documented: <public URL> (what it says); …" or "inferred: <why, and what it rests on>".
   * An inferred rule may warn but never fails an image as an error (validate/run.ts enforces it).
   */
  evidence: string;
  /** Files the rule reads beyond the image facts (src/facts/reads.ts), prefetched when the image is opened. */
  reads?: readonly ReadPattern[];
  check(ctx: RuleContext): Promise<RuleFinding[]> | RuleFinding[];
}

export type RuleStatus = 'pass' | 'fail' | 'skipped';

export interface RuleResult {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  evidence: string;
  status: RuleStatus;
  /** Why a rule was skipped (not for this target, or deselected). */
  skippedBecause?: string;
  findings: Finding[];
}

export interface ValidationReport {
  image: string;
  kind: ImageFacts['kind'];
  target: ValidateTarget;
  role: ImageRole;
  strict: boolean;
  /** true when no error (and, with strict, no warning) was found */
  fit: boolean;
  counts: Record<Severity, Integer>;
  /** name: ProductName corrected by build (Windows 11 keeps "Windows 10" in ProductName); productName: as the registry says */
  os: {name?: string; productName?: string; editionId?: string; build?: Integer; architecture: string};
  generalization: ImageFacts['generalization']['state'];
  rules: RuleResult[];
}
