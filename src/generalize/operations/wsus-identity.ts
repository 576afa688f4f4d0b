/**
 * wsus-identity: the WSUS client identity (docs/reference/generalization.md#wsus-client-id, docs/reference/generalization.md#clone-problems): clones sharing SusClientId overwrite
 * each other in the WSUS console. Microsoft's fix is deleting these values; the client makes new ones.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {deleteValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import type {Operation, OperationContext} from '../types.js';

export const WINDOWS_UPDATE_KEY = 'Microsoft\\Windows\\CurrentVersion\\WindowsUpdate';
export const WSUS_IDENTITY_VALUES = ['SusClientId', 'SusClientIdValidation', 'PingID', 'AccountDomainSid'] as const;

async function stage(ctx: OperationContext) {
  const software = await ctx.image.hive(IMAGE_PATHS.softwareHive);
  if (!software) return notApplicable('the image has no SOFTWARE hive');
  return outcome(WSUS_IDENTITY_VALUES.map((name) => deleteValue(software, IMAGE_PATHS.softwareHive, WINDOWS_UPDATE_KEY, name)));
}

export const wsusIdentity: Operation = {
  name: 'wsus-identity',
  heading: 'Remove the WSUS client identity (SusClientId, SusClientIdValidation, PingID, AccountDomainSid)',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'documented', source: 'https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/dd939898(v=ws.10)'},
  evidence: 'https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/dd939898(v=ws.10)',
  order: 40,
  stage,
};
