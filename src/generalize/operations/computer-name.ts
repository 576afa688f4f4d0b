/**
 * computer-name: the image's computer name (ComputerName, Tcpip Hostname / NV Hostname in the control set
 * Select\Current names — docs/reference/offline-registry.md#control-sets, docs/reference/generalization.md#computer-name), and every answer file's specialize ComputerName → `*` or the
 * --computer-name value, so specialize gives each clone its own name (docs/reference/answer-files.md#settings).
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {editAnswerFile, existingAnswerFiles, specializeAnswerFile} from '../answer-files.js';
import {childElements, setText} from '../../unattend/dom.js';
import {currentControlSet, setValue} from '../registry-edit.js';
import {szValue} from '../../registry/index.js';
import {notApplicable, outcome} from '../result.js';
import type {AnswerFileChange, Change, Operation, OperationContext} from '../types.js';
import {architectureOf} from './architecture.js';

/** The name the image carries until specialize renames it: not any clone's, obviously not the reference's. */
export const PLACEHOLDER_COMPUTER_NAME = 'WINPREP-SEALED';

const SHELL_SETUP = 'Microsoft-Windows-Shell-Setup';
const NAME_PASSES = ['specialize', 'offlineServicing'];

async function stage(ctx: OperationContext) {
  const system = await ctx.image.hive(IMAGE_PATHS.systemHive);
  if (!system) return notApplicable('the image has no SYSTEM hive');
  const membership = ctx.facts.membership;
  if (membership?.domainJoined && !ctx.options.renameDomainJoined) {
    // Renaming leaves every clone with the reference's domain membership and machine secret under a new name:
    // the clones then fight over one computer account. Unjoining needs the domain, so winprep does not try.
    return notApplicable(
      `the reference machine is joined to domain ${membership.primaryDomainName ?? membership.primaryDomainSid}: not renamed; unjoin it before capture (or pass --rename-domain-joined to rename anyway)`,
    );
  }
  const cs = currentControlSet(system, IMAGE_PATHS.systemHive);
  const wanted = ctx.options.computerName;
  const registryName = wanted === '*' ? PLACEHOLDER_COMPUTER_NAME : wanted;
  const changes: (Change | undefined)[] = [];

  changes.push(setValue(system, IMAGE_PATHS.systemHive, `${cs}\\Control\\ComputerName\\ComputerName`, szValue('ComputerName', registryName)));
  const tcpip = `${cs}\\Services\\Tcpip\\Parameters`;
  for (const name of ['Hostname', 'NV Hostname']) {
    // Only values the image has: a missing Hostname is made by Windows, not by us.
    if (system.getValue(tcpip, name)) changes.push(setValue(system, IMAGE_PATHS.systemHive, tcpip, szValue(name, registryName)));
  }

  const target = await specializeAnswerFile(ctx);
  const files = await existingAnswerFiles(ctx);
  if (!files.some((f) => f.toLowerCase() === target.toLowerCase())) files.push(target);
  for (const file of files) {
    const isTarget = file.toLowerCase() === target.toLowerCase();
    const edits = await editAnswerFile(ctx.image, file, isTarget, (doc) => {
      const made: AnswerFileChange[] = [];
      const named = doc.components().filter((c) => c.name === SHELL_SETUP && NAME_PASSES.includes(c.pass));
      const hasSpecializeName = named.some((c) => c.pass === 'specialize' && childElements(c.element, 'ComputerName').length > 0);
      if (isTarget && !hasSpecializeName) {
        // The answer file specialize reads gets an explicit ComputerName (docs/reference/answer-files.md#settings: `*` = random name).
        doc.setSetting('specialize', SHELL_SETUP, ['ComputerName'], wanted, architectureOf(ctx.facts));
        made.push({kind: 'answer-file', path: file, pass: 'specialize', component: SHELL_SETUP, setting: 'ComputerName', after: wanted});
      }
      for (const {pass, element} of named) {
        for (const setting of childElements(element, 'ComputerName')) {
          const before = setting.textContent ?? '';
          if (before === wanted) continue;
          setText(setting, wanted);
          made.push({kind: 'answer-file', path: file, pass, component: SHELL_SETUP, setting: 'ComputerName', before, after: wanted});
        }
      }
      return made;
    });
    changes.push(...edits);
  }
  return outcome(changes);
}

export const computerName: Operation = {
  name: 'computer-name',
  heading: 'Reset the computer name and let specialize give each clone a new one',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'documented', source: 'https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-computername'},
  evidence: 'https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-computername',
  order: 20,
  stage,
};
