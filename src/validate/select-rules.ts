/** `--rules` / `--skip-rules`: select rules by ID (WP020) or name (skip-rearm); an unknown one is a usage error. */
import {usageError} from '../errors.js';
import {didYouMean, editDistance} from '../suggest.js';
import {RULES} from './rules/index.js';
import type {Rule} from './types.js';

export function findRule(idOrName: string): Rule {
  const wanted = idOrName.trim().toLowerCase();
  const rule = RULES.find((r) => r.id.toLowerCase() === wanted || r.name === wanted);
  if (!rule) {
    throw usageError(`unknown rule "${idOrName}"${suggestRule(idOrName.trim())}`, {code: 'UNKNOWN_RULE', hint: 'winprep image validate --list-rules lists the rules'});
  }
  return rule;
}

/**
 * Rule IDs are numbers: WP999 is as far from WP090 as from any other ID, so an ID is suggested only for a slip of
 * one character (WP91, WP0091); names get the usual did-you-mean.
 */
function suggestRule(typed: string): string {
  if (/^wp\d*$/i.test(typed)) {
    const id = RULES.find((r) => editDistance(typed, r.id) <= 1)?.id;
    return id === undefined ? '' : ` (did you mean "${id}"?)`;
  }
  return didYouMean(typed, RULES.map((r) => r.name));
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
