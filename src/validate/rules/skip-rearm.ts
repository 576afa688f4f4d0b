/** WP020: SkipRearm=1 anywhere stops the rearm that makes a new CMID, so every clone shares one (docs/reference/generalization.md#rearm, docs/reference/generalization.md#pitfalls). */
import {licensingValue} from '../locations.js';
import type {Rule, RuleFinding} from '../types.js';

export const skipRearm: Rule = {
  id: 'WP020',
  name: 'skip-rearm',
  title: 'SkipRearm is off in the registry and in every answer file',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/troubleshoot/windows-client/licensing-and-activation/kms-current-count-not-increase (SkipRearm keeps one CMID for every clone); https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-security-spp-skiprearm',
  check({facts, answerFiles}) {
    const findings: RuleFinding[] = [];
    // A first-boot rearm (KB929829) armed in a pending specialize pass: only armed, so a warning.
    const armed = answerFiles.some((a) => a.doc && !a.doc.wasPassProcessed('specialize') && a.doc.listItems('specialize', 'Microsoft-Windows-Deployment', ['RunSynchronous']).some((c) => /slmgr(\.vbs)?\b.*\/rearm\b/i.test(c.fields.Path ?? '')));
    if (facts.licensing.skipRearm === 1) {
      findings.push({
        message: 'SkipRearm=1 in the registry: the next rearm does nothing, so clones keep one client machine ID (KMS count stuck, 0xC004F038)',
        location: licensingValue(facts, 'SkipRearm'),
        fix: 'winprep image generalize <image> --operations defaults (operation skip-rearm)',
      });
    }
    for (const answer of facts.answerFiles) {
      for (const entry of answer.skipRearm) {
        if (entry.value.trim() !== '1') continue;
        if (entry.processed && entry.pass === 'generalize') {
          findings.push({
            ...(armed ? {severity: 'warning' as const} : {}),
            message: armed
              ? `rearm armed for first boot: sysprep skipped it (SkipRearm=1 in the processed generalize pass of ${answer.path}); confirm on the first clone that slmgr /dlv shows a new client machine ID`
              : `SkipRearm=1 in the processed generalize pass of ${answer.path}: sysprep did not rearm, so every clone shares one client machine ID (KB929829)`,
            location: {file: answer.path, key: "settings[@pass='generalize']", value: 'SkipRearm'},
            fix: armed ? 'boot one clone and run slmgr /dlv' : 'winprep image generalize <image> (arms slmgr /rearm in the pending specialize pass)',
          });
          continue;
        }
        findings.push({
          message: `SkipRearm=1 in the ${entry.pass} pass of ${answer.path}: sysprep would keep the licensing state and the client machine ID`,
          location: {file: answer.path, key: `settings[@pass='${entry.pass}']`, value: 'SkipRearm'},
          fix: 'winprep image generalize <image> (operation skip-rearm sets it to 0)',
        });
      }
    }
    return findings;
  },
};
