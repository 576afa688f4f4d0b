/**
 * machine-guid: SOFTWARE\Microsoft\Cryptography MachineGuid (docs/reference/generalization.md#machine-guid). Deleted rather than replaced:
 * a new GUID written into the image would again be shared by every clone; Windows makes one when absent.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {deleteValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import type {Operation, OperationContext} from '../types.js';

async function stage(ctx: OperationContext) {
  const software = await ctx.image.hive(IMAGE_PATHS.softwareHive);
  if (!software) return notApplicable('the image has no SOFTWARE hive');
  return outcome([deleteValue(software, IMAGE_PATHS.softwareHive, 'Microsoft\\Cryptography', 'MachineGuid')]);
}

export const machineGuid: Operation = {
  name: 'machine-guid',
  heading: 'Remove the Crypto MachineGuid so each clone makes its own',
  defaultOn: false,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'inferred', why: 'that Windows makes a new MachineGuid when it is absent is community-reported, not documented'},
  evidence: 'docs/first-boot.md',
  riskNote: 'that generalize clears MachineGuid is community-reported, not documented by Microsoft (docs/reference/generalization.md#machine-guid, docs/reference/generalization.md#open-questions)',
  order: 30,
  stage,
};
