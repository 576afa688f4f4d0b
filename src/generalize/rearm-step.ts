/**
 * The first-boot rearm: a specialize RunSynchronousCommand (templates/generalize/specialize-rearm.xml) that runs
 * `slmgr /rearm` and restarts, logged to %WINDIR%\Panther\winprep-rearm.log. Microsoft documents this as the
 * fix for an image generalized with SkipRearm=1 ("run slmgr /rearm … restart the computer"; valid only when
 * the image was generalized with /generalize): KB929829,
 * https://learn.microsoft.com/troubleshoot/windows-client/licensing-and-activation/kms-current-count-not-increase
 * RunSynchronous in specialize and WillReboot=Always are documented unattend settings:
 * https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-deployment-runsynchronous
 */
import {childElements, setText} from '../unattend/dom.js';
import {parseXmlDocument} from '../unattend/parse.js';
import {editAnswerFile, specializeAnswerFile} from './answer-files.js';
import {readGeneralizeTemplate} from './package-files.js';
import type {AnswerFileChange, OperationContext} from './types.js';
import {architectureOf} from './operations/architecture.js';

const DEPLOYMENT = 'Microsoft-Windows-Deployment';
/** A RunSynchronous Path that runs slmgr /rearm (ours or one the user wrote). */
export const REARM_PATH = /slmgr(\.vbs)?\b.*\/rearm\b/i;

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
 * Arm the rearm first in the pending specialize pass of the answer file Setup reads next (an activation tried
 * before it would be undone by it); nothing when a rearm step is already there.
 */
export async function stageRearmStep(ctx: OperationContext): Promise<AnswerFileChange[]> {
  const path = await specializeAnswerFile(ctx);
  const arch = architectureOf(ctx.facts);
  return editAnswerFile(ctx.image, path, true, (doc) => {
    const changes: AnswerFileChange[] = [];
    const commands = doc.listItems('specialize', DEPLOYMENT, ['RunSynchronous']);
    if (commands.some((c) => REARM_PATH.test(c.fields.Path ?? ''))) return changes;
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

/**
 * Sysprep's own markers, whatever winprep's marker says: ImageState GENERALIZE_RESEAL_TO_*
 * (https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states), Sysprep_succeeded.tag
 * and a windeploy CmdLine. Not inspect's verdict, which prefers winprep's marker.
 */
export function generalizedBySysprep(ctx: OperationContext): boolean {
  const g = ctx.facts.generalization;
  return g.sysprepTag && /^IMAGE_STATE_GENERALIZE_RESEAL_TO_(OOBE|AUDIT)$/.test(g.imageState?.trim() ?? '') && /windeploy\.exe/i.test(g.setupCmdLine ?? '');
}
