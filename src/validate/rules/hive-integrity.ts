/**
 * WP001: every hive clean and intact. A dirty hive's primary file is stale (docs/reference/offline-registry.md#transaction-logs); a hive that breaks
 * the invariants Windows checks (list order, hashes, parent links, sk ring, cell bounds, checksum —
 * docs/reference/hive-format.md#writer-invariants) may not load at boot even though lenient Linux tools read it.
 */
import {verifyHive} from '../../registry/index.js';
import type {Rule, RuleFinding} from '../types.js';

/** Enough faults to locate the damage; the full list is `winprep reg verify`'s job. */
const MAX_ISSUES_PER_HIVE = 3;

export const hiveIntegrity: Rule = {
  id: 'WP001',
  name: 'hive-integrity',
  title: 'Every registry hive is clean and intact',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/windows/win32/sysinfo/registry-hives (a hive\'s changes may sit in its .LOG files); the regf format itself is not documented by Microsoft, so an unreadable or dirty hive is refused rather than guessed',
  async check({facts, image}) {
    const findings: RuleFinding[] = [];
    for (const entry of facts.hives) {
      if (entry.dirty) {
        const logs = entry.recovered
          ? `; they replay cleanly (${entry.recovered.applied} ${entry.recovered.format === 'new' ? 'log entries' : 'dirty pages'} from ${entry.recovered.logs.join(', ')}) and the other checks read the recovered hive, in memory`
          : entry.logProblems?.length
            ? `; they cannot be replayed (${entry.logProblems.map((p) => `${p.log} ${p.reason}`).join('; ')}), so the checks read the primary file alone`
            : '';
        findings.push({
          message: `${entry.path} is dirty: its transaction logs hold changes the primary file lacks${logs}`,
          location: {file: entry.path},
          fix: entry.recovered
            ? 'write the recovered hive with `winprep image generalize --replay-logs` (or prepare), or boot the reference machine once and shut it down cleanly, then capture again'
            : 'boot the reference machine once and shut it down cleanly, then capture again (or `winprep reg verify` for details)',
        });
        if (!entry.recovered) continue;
      }
      const hive = await image.hive(entry.path);
      if (!hive) continue;
      // The hive as it stands now, staged edits included (image prepare validates before it commits).
      const report = verifyHive(hive.serialize(), entry.path);
      const errors = report.issues.filter((issue) => issue.severity === 'error');
      for (const issue of errors.slice(0, MAX_ISSUES_PER_HIVE)) {
        findings.push({
          message: `${entry.path}: ${issue.check}: ${issue.message}${errors.length > MAX_ISSUES_PER_HIVE ? ` (${errors.length} faults in all)` : ''}`,
          location: {file: entry.path, key: issue.keyPath},
          fix: `winprep reg verify ${entry.path} lists every fault; restore the hive from a clean capture`,
        });
      }
    }
    return findings;
  },
};
