/**
 * reseal: leave the image in the state sysprep /generalize leaves it, so the next boot runs specialize
 * (domain.md §1.4, §6.2), and arm that specialize to rearm licensing — the only thing that makes a new
 * KMS client machine ID (§1.2, §1.3, §9 item 5) — then reboot before OOBE. Marked in SOFTWARE\winprep\Reseal
 * so inspect and validate can tell "resealed by winprep" from "generalized by sysprep". An image sysprep
 * already generalized is left alone: its own specialize runs its own rearm.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import type {HiveApi} from '../../registry/types.js';
import {childElements, setText} from '../../unattend/dom.js';
import {parseXmlDocument} from '../../unattend/parse.js';
import {editAnswerFile, specializeAnswerFile} from '../answer-files.js';
import {readGeneralizeTemplate} from '../package-files.js';
import {dwordValue, readDword, readString, szValue} from '../../registry/index.js';
import {setValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import {setImageState} from '../state-ini.js';
import type {AnswerFileChange, Change, FileChangeRecord, Operation, OperationContext} from '../types.js';
import {architectureOf} from './architecture.js';
import {SKIP_REARM_KEYS} from './skip-rearm.js';

export const RESEAL_IMAGE_STATE = 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE';
export const SETUP_STATE_KEY = 'Microsoft\\Windows\\CurrentVersion\\Setup\\State';
/** winprep's marker (read by image inspect: GeneralizationFacts.resealedByWinprep). */
export const RESEAL_MARKER_KEY = 'winprep\\Reseal';
const DEPLOYMENT = 'Microsoft-Windows-Deployment';
const REARM_PATH = /slmgr(\.vbs)?\b.*\/rearm\b/i;

async function stage(ctx: OperationContext) {
  const software = await ctx.image.hive(IMAGE_PATHS.softwareHive);
  const system = await ctx.image.hive(IMAGE_PATHS.systemHive);
  if (!software || !system) return notApplicable('the image lacks its SOFTWARE or SYSTEM hive');
  const bySysprep = generalizedBySysprep(ctx);
  // Sysprep ran with SkipRearm=1: its rearm did nothing and every clone would share one CMID (domain.md §1.3, §1.6).
  const rearmSkipped = bySysprep && (ctx.facts.licensing.skipRearm === 1 || markerArmed(software));
  if (bySysprep && !rearmSkipped) return notApplicable('sysprep generalized this image: its generalize pass already rearmed licensing');
  const changes: (Change | undefined)[] = [];
  const notes: string[] = [];

  if (rearmSkipped) {
    if (!markerArmed(software)) notes.push('sysprep generalized this image with SkipRearm=1, so its rearm did nothing: the first boot rearms instead');
  } else {
    // Setup state sysprep leaves behind (domain.md §1.4 A and C: SetupType 2, CmdLine windeploy, *InProgress 1 as
    // observed on generalized images; their numeric meanings are undocumented).
    changes.push(setValue(software, IMAGE_PATHS.softwareHive, SETUP_STATE_KEY, szValue('ImageState', RESEAL_IMAGE_STATE)));
    changes.push(await stageStateIni(ctx));
    changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', szValue('CmdLine', 'oobe\\windeploy.exe')));
    changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', dwordValue('SetupType', 2)));
    changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', dwordValue('SystemSetupInProgress', 1)));
    changes.push(setValue(system, IMAGE_PATHS.systemHive, 'Setup', dwordValue('OOBEInProgress', 1)));
  }

  changes.push(...(await stageRearmStep(ctx)));
  changes.push(...stageMarker(software, ctx));

  if (skipRearmStillOn(software)) notes.push('SkipRearm is still 1 in the registry: the first-boot rearm will do nothing (enable skip-rearm)');
  if (await ctx.image.exists(IMAGE_PATHS.pantherUnattend)) {
    notes.push('Windows\\Panther\\unattend.xml (Setup\'s cached answer file) is still there and outranks the one winprep armed (enable panther)');
  }
  return outcome(changes, notes);
}

async function stageStateIni(ctx: OperationContext): Promise<FileChangeRecord | undefined> {
  const before = await ctx.image.readFile(IMAGE_PATHS.stateIni);
  const edit = setImageState(before, RESEAL_IMAGE_STATE);
  if (!edit) return undefined;
  ctx.image.writeFile(IMAGE_PATHS.stateIni, edit.bytes);
  return {kind: 'file', path: IMAGE_PATHS.stateIni, action: before ? 'write' : 'create', before: edit.before === undefined ? undefined : `ImageState="${edit.before}"`, after: `ImageState="${RESEAL_IMAGE_STATE}"`};
}

/** The specialize RunSynchronousCommand that rearms and reboots (templates/generalize/specialize-rearm.xml), first in order. */
async function stageRearmStep(ctx: OperationContext): Promise<AnswerFileChange[]> {
  const path = await specializeAnswerFile(ctx);
  const arch = architectureOf(ctx.facts);
  return editAnswerFile(ctx.image, path, true, (doc) => {
    const changes: AnswerFileChange[] = [];
    const commands = doc.listItems('specialize', DEPLOYMENT, ['RunSynchronous']);
    if (commands.some((c) => REARM_PATH.test(c.fields.Path ?? ''))) return changes;
    // Rearm before any other specialize step: an activation attempted before it would be undone by it.
    if (commands.some((c) => Number.parseInt(c.fields.Order ?? '', 10) === 1)) {
      for (const command of commands) {
        const order = childElements(command.element, 'Order')[0];
        const n = Number.parseInt(order?.textContent ?? '', 10);
        if (!order || Number.isNaN(n)) continue;
        setText(order, String(n + 1));
        changes.push(rsChange(path, `RunSynchronous/RunSynchronousCommand[Order=${n}]/Order`, String(n), String(n + 1)));
      }
    }
    const fields = rearmStepFields();
    doc.addListItem('specialize', DEPLOYMENT, ['RunSynchronous'], 'RunSynchronousCommand', fields, arch);
    changes.push(rsChange(path, 'RunSynchronous/RunSynchronousCommand[Order=1]', undefined, fields.Path));
    return changes;
  });
}

/** Order, Path, Description, WillReboot of the template's RunSynchronousCommand, in template order. */
export function rearmStepFields(): Record<string, string> {
  const text = readGeneralizeTemplate('specialize-rearm.xml').replace(/\{\{order\}\}/g, '1');
  const root = parseXmlDocument(text, 'templates/generalize/specialize-rearm.xml').documentElement!;
  return Object.fromEntries(childElements(root).map((e) => [e.localName ?? e.nodeName, (e.textContent ?? '').trim()]));
}

function rsChange(path: string, setting: string, before: string | undefined, after: string): AnswerFileChange {
  return {kind: 'answer-file', path, pass: 'specialize', component: DEPLOYMENT, setting, before, after};
}

/**
 * Sysprep's own markers, whatever winprep's marker says (domain.md §8 item 4): ImageState GENERALIZE_RESEAL_TO_*,
 * Sysprep_succeeded.tag and a windeploy CmdLine. Not inspect's verdict, which prefers winprep's marker.
 */
function generalizedBySysprep(ctx: OperationContext): boolean {
  const g = ctx.facts.generalization;
  return g.sysprepTag && /^IMAGE_STATE_GENERALIZE_RESEAL_TO_(OOBE|AUDIT)$/.test(g.imageState?.trim() ?? '') && /windeploy\.exe/i.test(g.setupCmdLine ?? '');
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
  heading: 'Set the setup state so the next boot runs specialize, which rearms licensing and reboots before OOBE',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  evidence: 'domain.md §1.3, §1.4, §6.3',
  riskNote: 'uses one rearm of the image\'s rearm budget (3 on Vista/7, domain.md §1.3); not hardware generalization: run sysprep in the VM for that',
  order: 90,
  stage,
};
