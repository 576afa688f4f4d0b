/**
 * WP062–WP063: a KMS host key (CSVLK) staged for first boot. SetupComplete.cmd runs only at the end of Windows
 * Setup — never on a normal boot, and not when an OEM key is installed
 * (https://learn.microsoft.com/windows-hardware/manufacture/desktop/add-a-custom-script-to-windows-setup).
 * A key file in an image that will not run Setup stays on disk forever; in a client image it would make clones
 * KMS hosts, and a CSVLK activates at most six hosts, ten times each
 * (https://learn.microsoft.com/windows-server/get-started/kms-activation-planning).
 */
import {FIRST_BOOT_KEY_PATH, FIRST_BOOT_SCRIPT, FIRST_BOOT_SCRIPT_PATH} from '../../licensing/host-key-files.js';
import {setupWillRun} from '../../facts/setup-run.js';
import {IMAGE_PATHS} from '../../image/types.js';
import type {Rule, RuleFinding} from '../types.js';

const SETUP_COMPLETE_DOC = 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/add-a-custom-script-to-windows-setup';
const PLANNING_DOC = 'https://learn.microsoft.com/windows-server/get-started/kms-activation-planning';
const REMOVE_FIX = `delete ${FIRST_BOOT_KEY_PATH} (and the winprep kms-host block of SetupComplete.cmd)`;

export const hostKeyFileLeft: Rule = {
  id: 'WP062',
  name: 'kms-host-key-file',
  title: 'No KMS host key file is left where it will not be consumed',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: `documented: ${SETUP_COMPLETE_DOC} (SetupComplete.cmd runs only at the end of Setup); ${PLANNING_DOC} (a KMS host key activates a limited number of hosts)`,
  async check({image, facts, role}) {
    if (!(await image.exists(FIRST_BOOT_KEY_PATH))) return [];
    const location = {file: FIRST_BOOT_KEY_PATH};
    if (role === 'client') {
      return [{message: `${FIRST_BOOT_KEY_PATH} holds a KMS host key (CSVLK) in an image meant to be a KMS client: every clone would carry it`, location, fix: REMOVE_FIX}];
    }
    const setup = setupWillRun(facts);
    if (!setup.willRun) {
      return [{message: `${FIRST_BOOT_KEY_PATH} holds a KMS host key, but ${setup.reason}: the key would stay on disk, unused`, location, fix: `${REMOVE_FIX}; generalize with sysprep, then run winprep kms host configure again`}];
    }
    return [
      {
        severity: 'warning',
        message: `${FIRST_BOOT_KEY_PATH} holds the KMS host key in plain text until first boot deletes it: keep the image confidential, and deploy it to one host only`,
        location,
      },
    ];
  },
};

export const hostKeyScript: Rule = {
  id: 'WP063',
  reads: [IMAGE_PATHS.setupComplete, FIRST_BOOT_SCRIPT_PATH],
  name: 'kms-host-key-script',
  title: 'A first-boot host-key script runs only where Setup will run it, and never in a client image',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: `documented: ${SETUP_COMPLETE_DOC}`,
  async check({image, facts, role}) {
    const script = await image.readFile(IMAGE_PATHS.setupComplete);
    const calls = script !== undefined && script.toString('latin1').toLowerCase().includes(FIRST_BOOT_SCRIPT.toLowerCase());
    const present = await image.exists(FIRST_BOOT_SCRIPT_PATH);
    if (!calls && !present) return [];
    const location = {file: calls ? IMAGE_PATHS.setupComplete : FIRST_BOOT_SCRIPT_PATH};
    const findings: RuleFinding[] = [];
    if (role === 'client') {
      findings.push({
        message: `${calls ? 'SetupComplete.cmd calls' : 'the image holds'} ${FIRST_BOOT_SCRIPT}, which installs a KMS host key at first boot: a KMS host setup in a client image`,
        location,
        fix: 'remove the winprep kms-host block and script, or validate with --role host for a KMS host image',
      });
    } else {
      const setup = setupWillRun(facts);
      if (!setup.willRun) findings.push({message: `${FIRST_BOOT_SCRIPT} is staged, but ${setup.reason}`, location, fix: 'generalize the image with sysprep /generalize /oobe, or install the key on the running host (winprep kms host script)'});
    }
    return findings;
  },
};
