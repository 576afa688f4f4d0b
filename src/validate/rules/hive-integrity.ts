/** WP001: every hive clean and intact — a dirty hive's primary file is stale (domain.md §0; regf.md §1.12). */
import type {Rule, RuleFinding} from '../types.js';

export const hiveIntegrity: Rule = {
  id: 'WP001',
  name: 'hive-integrity',
  title: 'Every registry hive is clean and intact',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'domain.md §0 (transaction logs, dirty hives)',
  check({facts}) {
    const findings: RuleFinding[] = [];
    for (const hive of facts.hives) {
      if (!hive.dirty) continue;
      findings.push({
        message: `${hive.path} is dirty: its transaction logs hold changes the primary file lacks`,
        location: {file: hive.path},
        fix: 'boot the reference machine once and shut it down cleanly, then capture again (or `winprep reg verify` for details)',
      });
    }
    return findings;
  },
};
