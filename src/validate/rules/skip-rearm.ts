/** WP020: SkipRearm=1 anywhere stops the rearm that makes a new CMID, so every clone shares one (domain.md §1.3, §9 item 4). */
import {licensingValue} from '../locations.js';
import type {Rule, RuleFinding} from '../types.js';

export const skipRearm: Rule = {
  id: 'WP020',
  name: 'skip-rearm',
  title: 'SkipRearm is off in the registry and in every answer file',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/troubleshoot/windows-client/licensing-and-activation/kms-current-count-not-increase (SkipRearm keeps one CMID for every clone); https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-security-spp-skiprearm',
  check({facts}) {
    const findings: RuleFinding[] = [];
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
