/**
 * WP010: the image is generalized by sysprep (ImageState + Sysprep tag + Setup CmdLine, never GeneralizationState;
 * docs/reference/setup-state.md). Microsoft supports duplicating only sysprep-generalized installations (KB314828)
 * and documents the KB929829 rearm fix as valid only after /generalize, so:
 * - never generalized: an error, fixed by running sysprep in the reference VM (winprep's offline reseal is not a fix
 *   Microsoft documents, so the hint does not offer it as one);
 * - resealed offline by winprep (`--operations +reseal`): a warning, an error under --strict — not proven on a booted
 *   Windows (docs/first-boot.md);
 * - any other operation resting on an inference that changed the image (SOFTWARE\winprep\InferredOperations): a
 *   warning, so such an image never gets a clean FIT.
 */
import type {Rule, RuleFinding} from '../types.js';

const SOFTWARE = 'Windows/System32/config/SOFTWARE';
const SYSPREP_HINT = 'run sysprep /generalize /oobe in the reference VM (with /unattend:<file> for first-boot settings), then capture it again';

export const generalization: Rule = {
  id: 'WP010',
  name: 'generalized',
  title: 'The image is generalized by sysprep',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence:
    'documented: https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication (duplicated installations must be prepared with sysprep); https://learn.microsoft.com/troubleshoot/windows-client/licensing-and-activation/kms-current-count-not-increase (the rearm fix is valid only if /generalize was used); https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states (the ImageState values)',
  check({facts}) {
    const g = facts.generalization;
    const findings: RuleFinding[] = [];
    if (g.state === 'resealed-by-winprep') {
      findings.push({
        severity: 'warning',
        message:
          'resealed offline by winprep, not generalized by sysprep: that Windows runs specialize and a new client machine ID on first boot is inferred, not documented (docs/first-boot.md); confirm on the first clone with slmgr /dlv',
        location: {file: SOFTWARE, key: 'winprep\\Reseal'},
        fix: SYSPREP_HINT,
      });
    } else if (g.state === 'not-generalized') {
      const evidence = [
        `ImageState=${g.imageState ?? 'absent'}`,
        `Sysprep_succeeded.tag ${g.sysprepTag ? 'present' : 'absent'}`,
        `Setup CmdLine=${g.setupCmdLine ? `"${g.setupCmdLine}"` : 'empty'}`,
      ].join(', ');
      findings.push({
        message: `not generalized by sysprep (${evidence}): clones would share the machine identity and the KMS client machine ID, and Microsoft supports duplicating only sysprep-generalized images (KB314828)`,
        location: {file: SOFTWARE, key: 'Microsoft\\Windows\\CurrentVersion\\Setup\\State', value: 'ImageState'},
        fix: SYSPREP_HINT,
      });
    }
    const inferred = (g.inferredOperations ?? []).filter((name) => name !== 'reseal' || g.state !== 'resealed-by-winprep');
    if (inferred.length > 0) {
      findings.push({
        severity: 'warning',
        message: `winprep applied operations no public source documents (${inferred.join(', ')}): their effect on first boot is inferred (docs/first-boot.md); confirm on the first clone`,
        location: {file: SOFTWARE, key: 'winprep\\InferredOperations'},
        fix: 'prefer sysprep in the reference VM; keep these operations only if a booted clone confirmed them',
      });
    }
    return findings;
  },
};
