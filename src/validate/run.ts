/**
 * Run the rule registry against an image and decide whether it is fit to clone for a target.
 * `validateOpenImage` works on an Image that may hold staged changes (image prepare validates before it
 * commits); `validateImage` opens the image read-only.
 */
import type {ImageFacts} from '../facts/facts.js';
import {inspectImage} from '../facts/inspect.js';
import {openImage} from '../image/index.js';
import type {Image, WimImageRef} from '../image/types.js';
import {parseUnattend} from '../unattend/index.js';
import {isWinprepError} from '../errors.js';
import {RULES} from './rules/index.js';
import {FACT_READS} from '../facts/reads.js';
import type {ReadPattern} from '../image/read-patterns.js';
import {type RuleSelection, deselectedRuleIds} from './select-rules.js';
import type {Finding, ImageRole, ParsedAnswerFile, RuleContext, RuleResult, Severity, ValidateTarget, ValidationReport} from './types.js';
import {readWimMetadata} from './wim-metadata.js';

export interface ValidateOptions extends RuleSelection {
  target: ValidateTarget;
  role?: ImageRole;
  strict?: boolean;
  index?: WimImageRef;
  /** Disk image partition holding Windows. */
  partition?: number;
}

async function parseAnswerFiles(image: Image, facts: ImageFacts): Promise<ParsedAnswerFile[]> {
  const parsed: ParsedAnswerFile[] = [];
  for (const answer of facts.answerFiles) {
    const bytes = await image.readFile(answer.path);
    if (!bytes) continue;
    try {
      parsed.push({path: answer.path, doc: parseUnattend(bytes, answer.path)});
    } catch (error) {
      parsed.push({path: answer.path, error: isWinprepError(error) ? error.message : String(error)});
    }
  }
  return parsed;
}

/** Rule evidence starts with "documented:" (public URLs) or "inferred:" (why); see src/validate/types.ts. */
/** What the rules read beyond the image facts, for the image to prefetch (every rule: the selection is cheap to over-read). */
export const RULE_READS: readonly ReadPattern[] = RULES.flatMap((rule) => rule.reads ?? []);

export const isInferred = (evidence: string): boolean => /^inferred:/i.test(evidence.trim());

export async function validateOpenImage(image: Image, options: ValidateOptions, known?: ImageFacts): Promise<ValidationReport> {
  const facts = known ?? (await inspectImage(image));
  const role = options.role ?? 'client';
  const strict = options.strict ?? false;
  const deselected = deselectedRuleIds(options);
  const ctx: RuleContext = {
    image,
    facts,
    target: options.target,
    role,
    answerFiles: await parseAnswerFiles(image, facts),
    wimMetadata: facts.kind === 'wim' ? await readWimMetadata(image) : undefined,
  };
  const results: RuleResult[] = [];
  for (const rule of RULES) {
    const base = {id: rule.id, name: rule.name, title: rule.title, severity: rule.severity, evidence: rule.evidence};
    if (!rule.targets.includes(options.target)) {
      results.push({...base, status: 'skipped', skippedBecause: `applies to ${rule.targets.join(', ')} only`, findings: []});
      continue;
    }
    if (deselected.has(rule.id)) {
      results.push({...base, status: 'skipped', skippedBecause: 'deselected', findings: []});
      continue;
    }
    // A rule resting on an inferred fact may warn, never fail an image as an error (its evidence says which).
    const inferred = isInferred(rule.evidence);
    const findings: Finding[] = (await rule.check(ctx)).map((f) => {
      const severity = f.severity ?? rule.severity;
      return {...f, ruleId: rule.id, severity: inferred && severity === 'error' ? 'warning' : severity};
    });
    const failing = findings.some((f) => f.severity === 'error' || (f.severity === 'warning' && strict));
    results.push({...base, status: failing ? 'fail' : 'pass', findings});
  }
  const counts: Record<Severity, number> = {error: 0, warning: 0, info: 0};
  for (const finding of results.flatMap((r) => r.findings)) counts[finding.severity]++;
  return {
    image: facts.path,
    kind: facts.kind,
    target: options.target,
    role,
    strict,
    fit: counts.error === 0 && (!strict || counts.warning === 0),
    counts,
    os: {name: facts.os.displayName, productName: facts.os.productName, editionId: facts.os.editionId, build: facts.os.build, architecture: facts.os.architecture},
    generalization: facts.generalization.state,
    rules: results,
  };
}

export async function validateImage(path: string, options: ValidateOptions): Promise<ValidationReport> {
  // Dirty hives are checked as recovered from their logs, in memory (read-only: nothing written); WP001 says so.
  const image = await openImage(path, {prefetch: [...FACT_READS, ...RULE_READS], readOnly: true, index: options.index, partition: options.partition, replayLogs: true});
  try {
    return await validateOpenImage(image, options);
  } finally {
    await image.discard();
  }
}
