/**
 * skip-rearm: SkipRearm=1 makes sysprep's generalize skip the rearm, so clones keep one KMS client machine ID
 * and the KMS count never rises (0xC004F038). Setting reference:
 * https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-security-spp-skiprearm
 * - The registry value and every SkipRearm in a pass Setup has not run yet are set to 0 (a later sysprep then rearms).
 * - A pass Setup already ran (wasPassProcessed="true") is left as it is: editing it changes nothing, and it is
 *   the record that the rearm was skipped.
 * - When sysprep generalized the image with SkipRearm=1 (a processed generalize pass says 1, or the registry
 *   value is 1), the rearm did not happen. KB929829 documents the fix for exactly that image: `slmgr /rearm`
 *   and a restart on the deployed computer (valid only because the image was generalized):
 *   https://learn.microsoft.com/troubleshoot/windows-client/licensing-and-activation/kms-current-count-not-increase
 *   So the rearm is armed in the pending specialize pass Setup reads on first boot (src/generalize/rearm-step.ts).
 * Vista/2008 keep the value under ...\SL and in Microsoft-Windows-Security-Licensing-SLC; 7 and later under
 * ...\SoftwareProtectionPlatform and in Microsoft-Windows-Security-SPP.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {setText} from '../../unattend/dom.js';
import {descendants, editAnswerFile, existingAnswerFiles} from '../answer-files.js';
import {dwordValue, readDword} from '../../registry/index.js';
import {generalizedBySysprep, stageRearmStep} from '../rearm-step.js';
import {setValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import type {AnswerFileChange, Change, Operation, OperationContext} from '../types.js';

const NT = 'Microsoft\\Windows NT\\CurrentVersion';
/** Native and 32-bit (Wow6432Node) views of both generations' keys. */
export const SKIP_REARM_KEYS = {
  spp: [`${NT}\\SoftwareProtectionPlatform`, `Wow6432Node\\${NT}\\SoftwareProtectionPlatform`],
  sl: [`${NT}\\SL`, `Wow6432Node\\${NT}\\SL`],
} as const;

async function stage(ctx: OperationContext) {
  const software = await ctx.image.hive(IMAGE_PATHS.softwareHive);
  if (!software) return notApplicable('the image has no SOFTWARE hive');
  const changes: (Change | undefined)[] = [];
  const notes: string[] = [];
  const generation = ctx.facts.os.licensingGeneration;
  const keys = [...SKIP_REARM_KEYS[generation], ...SKIP_REARM_KEYS[generation === 'sl' ? 'spp' : 'sl']];
  let registrySkipped = false;
  for (const key of keys) {
    const current = readDword(software.getValue(key, 'SkipRearm'));
    // Absent means 0 (rearm runs): only a present non-zero value is changed.
    if (current !== undefined && current !== 0) {
      registrySkipped = true;
      changes.push(setValue(software, IMAGE_PATHS.softwareHive, key, dwordValue('SkipRearm', 0)));
    }
  }

  const processedSkips: string[] = [];
  for (const file of await existingAnswerFiles(ctx)) {
    const edits = await editAnswerFile(ctx.image, file, false, (doc) => {
      const made: AnswerFileChange[] = [];
      // Security-SPP (7+) or Security-Licensing-SLC (Vista), in whatever pass the file put it.
      for (const component of doc.components()) {
        for (const skip of descendants(component.element, 'SkipRearm')) {
          const before = (skip.textContent ?? '').trim();
          if (before === '0') continue;
          if (component.processed) {
            if (component.pass === 'generalize') processedSkips.push(file);
            continue;
          }
          setText(skip, '0');
          made.push({kind: 'answer-file', path: file, pass: component.pass, component: component.name, setting: 'SkipRearm', before, after: '0'});
        }
      }
      return made;
    });
    changes.push(...edits);
  }

  if (processedSkips.length > 0 || registrySkipped) {
    const where = processedSkips.length > 0 ? `the processed generalize pass of ${[...new Set(processedSkips)].join(', ')}` : 'the registry';
    if (generalizedBySysprep(ctx)) {
      const armed = await stageRearmStep(ctx);
      changes.push(...armed);
      notes.push(
        `sysprep generalized this image with SkipRearm=1 (${where}), so it did not rearm (KB929829): ` +
          `each clone's first boot runs slmgr /rearm and restarts (log: %WINDIR%\\Panther\\winprep-rearm.log); ` +
          'confirm on the first clone that slmgr /dlv shows a new client machine ID',
      );
    } else if (processedSkips.length > 0) {
      notes.push(`${where} says SkipRearm=1 but the image is not generalized by sysprep: run sysprep /generalize /oobe in the reference VM`);
    }
  }
  return outcome(changes, notes);
}

export const skipRearm: Operation = {
  name: 'skip-rearm',
  heading: 'Turn SkipRearm off where it still matters, and arm the first-boot rearm when sysprep skipped it',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'documented', source: 'https://learn.microsoft.com/troubleshoot/windows-client/licensing-and-activation/kms-current-count-not-increase'},
  evidence: 'https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-security-spp-skiprearm',
  order: 70,
  stage,
};
