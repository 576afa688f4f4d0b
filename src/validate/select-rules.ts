/** `--rules` / `--skip-rules`: select rules by ID (WP020) or name (skip-rearm); an unknown one is a usage error. */
import {usageError} from '../errors.js';
import {didYouMean} from '../suggest.js';
import {RULES} from './rules/index.js';
import type {Rule} from './types.js';

export function findRule(idOrName: string): Rule {
  const wanted = idOrName.trim().toLowerCase();
  const rule = RULES.find((r) => r.id.toLowerCase() === wanted || r.name === wanted);
  if (!rule) {
    throw usageError(`unknown rule "${idOrName}"${didYouMean(idOrName.trim(), RULES.flatMap((r) => [r.id, r.name]))}`, {code: 'UNKNOWN_RULE', hint: 'winprep image validate --list-rules lists the rules'});
  }
  return rule;
}

export interface RuleSelection {
  only?: string[];
  skip?: string[];
}

/** IDs of the rules deselected by the user (validated even when the list is empty). */
export function deselectedRuleIds(selection: RuleSelection): Set<string> {
  const skipped = new Set((selection.skip ?? []).map((name) => findRule(name).id));
  if (selection.only && selection.only.length > 0) {
    const only = new Set(selection.only.map((name) => findRule(name).id));
    for (const rule of RULES) if (!only.has(rule.id)) skipped.add(rule.id);
  }
  return skipped;
}
