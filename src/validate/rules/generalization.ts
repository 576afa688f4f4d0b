/**
 * WP010: the image is generalized by sysprep (ImageState + Sysprep tag + Setup CmdLine, never
 * GeneralizationState — docs/reference/setup-state.md#image-state, docs/reference/generalization.md#checklist, docs/reference/generalization.md#pitfalls) or resealed by winprep with the first-boot
 * rearm armed (reported as info, since the rearm happens at first boot).
 */
import type {Rule, RuleFinding} from '../types.js';

export const generalization: Rule = {
  id: 'WP010',
  name: 'generalized',
  title: 'The image is generalized (sysprep) or resealed by winprep',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication (duplicated installations must be generalized with sysprep); https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states (the ImageState values)',
  check({facts}) {
    const g = facts.generalization;
    const findings: RuleFinding[] = [];
    if (g.state === 'generalized-by-sysprep') return findings;
    if (g.state === 'resealed-by-winprep') {
      findings.push({
        severity: 'info',
        message: 'resealed by winprep: the first boot runs specialize and a rearm makes a new client machine ID (see docs/first-boot.md)',
        location: {file: 'Windows/System32/config/SOFTWARE', key: 'winprep\\Reseal'},
      });
      return findings;
    }
    const evidence = [
      `ImageState=${g.imageState ?? 'absent'}`,
      `Sysprep_succeeded.tag ${g.sysprepTag ? 'present' : 'absent'}`,
      `Setup CmdLine=${g.setupCmdLine ? `"${g.setupCmdLine}"` : 'empty'}`,
    ].join(', ');
    findings.push({
      message: `not generalized (${evidence}): clones would share the machine identity and the KMS client machine ID`,
      location: {file: 'Windows/System32/config/SOFTWARE', key: 'Microsoft\\Windows\\CurrentVersion\\Setup\\State', value: 'ImageState'},
      fix: 'winprep image generalize <image> (or run sysprep /generalize in the reference VM)',
    });
    return findings;
  },
};
