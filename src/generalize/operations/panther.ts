/**
 * panther: Setup's cached answer files and logs (domain.md §1.5, §6.4, §8 item 8). The cached
 * Windows\Panther\unattend.xml keeps the reference's settings (product keys, passwords, names) and the
 * logs record the old identity; Microsoft says to delete cached answer files before shipping.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {registeredAnswerFile} from '../answer-files.js';
import {outcome} from '../result.js';
import type {FileChangeRecord, Operation, OperationContext} from '../types.js';

/** Setup's working folders: specialize/OOBE (Windows\Panther) and generalize (Sysprep\Panther) logs. */
export const PANTHER_DIRS = [IMAGE_PATHS.pantherDir, 'Windows/System32/Sysprep/Panther'] as const;

async function stage(ctx: OperationContext) {
  // An answer file SYSTEM\Setup\UnattendFile names is the one the next boot is meant to read: keep it.
  const keep = (await registeredAnswerFile(ctx))?.toLowerCase();
  const changes: FileChangeRecord[] = [];
  for (const dir of PANTHER_DIRS) {
    for (const file of await ctx.image.listFiles(dir)) {
      const key = file.replace(/\\/g, '/').toLowerCase();
      // The folder itself is never deleted (a WIM listing can report an empty folder as a file).
      if (key === keep || key === dir.toLowerCase()) continue;
      ctx.image.deleteFile(file);
      changes.push({kind: 'file', path: file, action: 'delete'});
    }
  }
  return outcome(changes);
}

export const panther: Operation = {
  name: 'panther',
  heading: 'Delete Setup\'s cached answer files and logs (Windows\\Panther, Sysprep\\Panther)',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  evidence: 'domain.md §1.5, §6.4',
  riskNote: 'the setup logs of the reference machine are gone afterwards; keep a --backup if you need them',
  order: 10,
  stage,
};
