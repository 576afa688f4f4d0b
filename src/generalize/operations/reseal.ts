/**
 * reseal (INFERRED, opt-in: `--operations +reseal`): write offline the Setup state a sysprep-generalized image
 * carries, so the next boot runs windeploy → specialize → OOBE, and arm the first-boot rearm
 * (src/generalize/rearm-step.ts). Not proven on a booted Windows, and unsupported: Microsoft supports only images
 * prepared with sysprep /generalize (KB314828,
 * https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication),
 * and KB929829 says its rearm workaround "is valid only if the /generalize option was used"
 * (https://learn.microsoft.com/troubleshoot/windows-client/licensing-and-activation/kms-current-count-not-increase).
 * What is documented: ImageState IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE means generalize completed
 * (https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states). What is inferred from
 * generalized images and community reports (docs/first-boot.md): SYSTEM\Setup CmdLine oobe\windeploy.exe,
 * SetupType 2, SystemSetupInProgress 1, OOBEInProgress 1, SetupPhase 4 and Status\ChildCompletion setup.exe 0
 * (setup.exe 3 = "completed" would make windeploy skip specialize). None of the generalize providers run
 * (PnP, BCD, SID, AppX, event logs). Marked in SOFTWARE\winprep\Reseal so inspect and validate can tell
 * "resealed by winprep" (a WP010 warning) from "generalized by sysprep". An image sysprep generalized is left alone.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import type {HiveApi} from '../../registry/types.js';
import {generalizedBySysprep, stageRearmStep} from '../rearm-step.js';
import {dwordValue, readDword, readString, szValue} from '../../registry/index.js';
import {setValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import {setImageState} from '../state-ini.js';
import type {Change, FileChangeRecord, Operation, OperationContext} from '../types.js';
import {SKIP_REARM_KEYS} from './skip-rearm.js';

export const RESEAL_IMAGE_STATE = 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE';
export const SETUP_STATE_KEY = 'Microsoft\\Windows\\CurrentVersion\\Setup\\State';
/** winprep's marker (read by image inspect: GeneralizationFacts.resealedByWinprep). */
export const RESEAL_MARKER_KEY = 'winprep\\Reseal';
export const CHILD_COMPLETION_KEY = 'Setup\\Status\\ChildCompletion';
export const INFERRED_NOTE = 'inferred, not proven on a booted Windows: Microsoft supports only images generalized by sysprep (KB314828); run sysprep /generalize /oobe in the reference VM instead (see docs/first-boot.md)';

async function stage(ctx: OperationContext) {
  const software = await ctx.image.hive(IMAGE_PATHS.softwareHive);
  const system = await ctx.image.hive(IMAGE_PATHS.systemHive);
  if (!software || !system) return notApplicable('the image lacks its SOFTWARE or SYSTEM hive');
  if (generalizedBySysprep(ctx)) return notApplicable('sysprep generalized this image: its own specialize pass runs on first boot');
  const changes: (Change | undefined)[] = [];
  const notes: string[] = [INFERRED_NOTE];
  changes.push(setValue(software, IMAGE_PATHS.softwareHive, SETUP_STATE_KEY, szValue('ImageState', RESEAL_IMAGE_STATE)));
  changes.push(await stageStateIni(ctx));
  changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', szValue('CmdLine', 'oobe\\windeploy.exe')));
  changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', dwordValue('SetupType', 2)));
  changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', dwordValue('SystemSetupInProgress', 1)));
  changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', dwordValue('OOBEInProgress', 1)));
  changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', dwordValue('SetupPhase', 4)));
  // setup.exe=3 ("completed") on an installed system would make windeploy skip the specialize run.
  changes.push(setValue(system, IMAGE_PATHS.systemHive, CHILD_COMPLETION_KEY, dwordValue('setup.exe', 0)));

  changes.push(...(await stageRearmStep(ctx)));
  changes.push(...stageMarker(software, ctx));

  if (skipRearmStillOn(software)) notes.push('SkipRearm is still 1 in the registry: the first-boot rearm will do nothing (enable skip-rearm)');
  return outcome(changes, notes);
}

async function stageStateIni(ctx: OperationContext): Promise<FileChangeRecord | undefined> {
  const before = await ctx.image.readFile(IMAGE_PATHS.stateIni);
  const edit = setImageState(before, RESEAL_IMAGE_STATE);
  if (!edit) return undefined;
  ctx.image.writeFile(IMAGE_PATHS.stateIni, edit.bytes);
  return {kind: 'file', path: IMAGE_PATHS.stateIni, action: before ? 'replace' : 'create', before: edit.before === undefined ? undefined : `ImageState="${edit.before}"`, after: `ImageState="${RESEAL_IMAGE_STATE}"`};
}

const markerArmed = (software: HiveApi): boolean =>
  readDword(software.getValue(RESEAL_MARKER_KEY, 'RearmArmed')) === 1 && readString(software.getValue(RESEAL_MARKER_KEY, 'ResealedBy')) === 'winprep';

/** SOFTWARE\winprep\Reseal; left untouched once armed, so a second run changes no byte. */
function stageMarker(software: HiveApi, ctx: OperationContext): (Change | undefined)[] {
  if (markerArmed(software)) return [];
  const hive = IMAGE_PATHS.softwareHive;
  return [
    setValue(software, hive, RESEAL_MARKER_KEY, szValue('ResealedBy', 'winprep')),
    setValue(software, hive, RESEAL_MARKER_KEY, szValue('Version', ctx.options.version)),
    setValue(software, hive, RESEAL_MARKER_KEY, szValue('Time', ctx.options.now().toISOString())),
    setValue(software, hive, RESEAL_MARKER_KEY, dwordValue('RearmArmed', 1)),
  ];
}

function skipRearmStillOn(software: HiveApi): boolean {
  return [...SKIP_REARM_KEYS.spp, ...SKIP_REARM_KEYS.sl].some((key) => (readDword(software.getValue(key, 'SkipRearm')) ?? 0) !== 0);
}

export const reseal: Operation = {
  name: 'reseal',
  heading: 'Write the setup state of a generalized image offline and arm a first-boot rearm (not sysprep; unproven)',
  defaultOn: false,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {
    kind: 'inferred',
    why: 'no Microsoft source documents an offline reseal; the Setup values are copied from generalized images and community reports, and nothing here was booted (docs/first-boot.md)',
  },
  evidence: 'docs/first-boot.md',
  riskNote: 'unsupported (KB314828): not hardware generalization and not proven to make Windows run specialize; run sysprep /generalize /oobe in the reference VM instead',
  order: 90,
  stage,
};
