/**
 * skip-rearm: SkipRearm off in the registry and in every answer file (domain.md §1.3, §8 item 3, §9 item 4).
 * SkipRearm=1 makes rearm a no-op, so clones keep one KMS client machine ID and the KMS count never rises.
 * Vista/2008 keep it under ...\SL and in Microsoft-Windows-Security-Licensing-SLC; 7 and later under
 * ...\SoftwareProtectionPlatform and in Microsoft-Windows-Security-SPP (§1.3, §2.1).
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {setText} from '../../unattend/dom.js';
import {descendants, editAnswerFile, existingAnswerFiles} from '../answer-files.js';
import {dwordValue, readDword} from '../../registry/index.js';
import {setValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import type {AnswerFileChange, Change, Operation, OperationContext} from '../types.js';

const NT = 'Microsoft\\Windows NT\\CurrentVersion';
/** Native and 32-bit views of both generations' keys (domain.md §0 on Wow6432Node, §2.1). */
export const SKIP_REARM_KEYS = {
  spp: [`${NT}\\SoftwareProtectionPlatform`, `Wow6432Node\\${NT}\\SoftwareProtectionPlatform`],
  sl: [`${NT}\\SL`, `Wow6432Node\\${NT}\\SL`],
} as const;

async function stage(ctx: OperationContext) {
  const software = await ctx.image.hive(IMAGE_PATHS.softwareHive);
  if (!software) return notApplicable('the image has no SOFTWARE hive');
  const changes: (Change | undefined)[] = [];
  const generation = ctx.facts.os.licensingGeneration;
  const keys = [...SKIP_REARM_KEYS[generation], ...SKIP_REARM_KEYS[generation === 'sl' ? 'spp' : 'sl']];
  for (const key of keys) {
    const current = readDword(software.getValue(key, 'SkipRearm'));
    // Absent means 0 (rearm runs): only a present non-zero value is changed.
    if (current !== undefined && current !== 0) changes.push(setValue(software, IMAGE_PATHS.softwareHive, key, dwordValue('SkipRearm', 0)));
  }

  for (const file of await existingAnswerFiles(ctx)) {
    const edits = await editAnswerFile(ctx.image, file, false, (doc) => {
      const made: AnswerFileChange[] = [];
      // Security-SPP (7+) or Security-Licensing-SLC (Vista), in whatever pass the file put it.
      for (const component of doc.components()) {
        for (const skip of descendants(component.element, 'SkipRearm')) {
          const before = skip.textContent ?? '';
          if (before === '0') continue;
          setText(skip, '0');
          made.push({kind: 'answer-file', path: file, pass: component.pass, component: component.name, setting: 'SkipRearm', before, after: '0'});
        }
      }
      return made;
    });
    changes.push(...edits);
  }
  return outcome(changes);
}

export const skipRearm: Operation = {
  name: 'skip-rearm',
  heading: 'Turn SkipRearm off in the registry and in every answer file',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  evidence: 'domain.md §1.3, §6.3',
  order: 70,
  stage,
};
