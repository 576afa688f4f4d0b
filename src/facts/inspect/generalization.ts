/**
 * Is the image generalized? Per docs/reference/generalization.md#checklist: ImageState GENERALIZE_RESEAL_TO_OOBE|AUDIT *and*
 * Sysprep_succeeded.tag *and* Setup CmdLine running windeploy.exe. GeneralizationState is reported but is
 * not a signal (docs/reference/setup-state.md#setup-key, docs/reference/generalization.md#pitfalls). winprep's own reseal marker (SOFTWARE\winprep\Reseal) is recognised too.
 */
import type {HiveApi} from '../../registry/types.js';
import type {GeneralizationFacts} from '../facts.js';
import {dropUndefined} from './os.js';
import {readNumber, readString} from './values.js';

export const SETUP_STATE_KEY = 'Microsoft\\Windows\\CurrentVersion\\Setup\\State';
/** Written by `image generalize` when it reseals an image itself (first-boot rearm armed). */
export const WINPREP_RESEAL_KEY = 'winprep\\Reseal';
/** Written by `image generalize` when an operation no public source documents changed the image: one value per operation. */
export const WINPREP_INFERRED_KEY = 'winprep\\InferredOperations';

const GENERALIZED_STATES = /^IMAGE_STATE_GENERALIZE_RESEAL_TO_(OOBE|AUDIT)$/;

export interface GeneralizationSources {
  software: HiveApi;
  system: HiveApi;
  stateIniImageState?: string;
  sysprepTag: boolean;
}

export function readGeneralization({software, system, stateIniImageState, sysprepTag}: GeneralizationSources): GeneralizationFacts {
  const imageState = readString(software, SETUP_STATE_KEY, 'ImageState');
  const setupCmdLine = readString(system, 'Setup', 'CmdLine');
  const resealKey = software.key(WINPREP_RESEAL_KEY);
  const reseal = resealKey
    ? dropUndefined({
        resealedBy: readString(software, WINPREP_RESEAL_KEY, 'ResealedBy'),
        version: readString(software, WINPREP_RESEAL_KEY, 'Version'),
        time: readString(software, WINPREP_RESEAL_KEY, 'Time'),
        rearmArmed: readNumber(software, WINPREP_RESEAL_KEY, 'RearmArmed') === undefined ? undefined : readNumber(software, WINPREP_RESEAL_KEY, 'RearmArmed') !== 0,
      })
    : undefined;
  const inferredOperations = (software.key(WINPREP_INFERRED_KEY)?.values() ?? []).map((v) => v.name).filter((n) => n !== '').sort();
  const bySysprep = GENERALIZED_STATES.test(imageState?.trim() ?? '') && sysprepTag && /windeploy\.exe/i.test(setupCmdLine ?? '');

  return dropUndefined({
    imageState,
    stateIniImageState,
    sysprepTag,
    setupCmdLine,
    setupType: readNumber(system, 'Setup', 'SetupType'),
    systemSetupInProgress: readNumber(system, 'Setup', 'SystemSetupInProgress'),
    generalizationState: readNumber(system, 'Setup\\Status\\SysprepStatus', 'GeneralizationState'),
    resealedByWinprep: reseal !== undefined,
    reseal,
    inferredOperations: inferredOperations.length > 0 ? inferredOperations : undefined,
    // The marker is explicit, so it wins over sysprep's markers, which a reseal may also set.
    state: reseal ? 'resealed-by-winprep' : bySysprep ? 'generalized-by-sysprep' : 'not-generalized',
  });
}
