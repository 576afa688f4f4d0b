/** WP070: SetupComplete.cmd must not reboot — Setup cannot resume after it (docs/reference/setup-state.md#setupcomplete). */
import {IMAGE_PATHS} from '../../image/types.js';
import type {Rule} from '../types.js';

const REBOOT = /\bshutdown(\.exe)?\b[^\r\n]*\s[/-][rg]\b|\brestart-computer\b|\bwpeutil\s+reboot\b/i;

export const setupCompleteReboots: Rule = {
  id: 'WP070',
  reads: [IMAGE_PATHS.setupComplete],
  name: 'setupcomplete-reboots',
  title: 'SetupComplete.cmd does not reboot',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/windows-hardware/manufacture/desktop/add-a-custom-script-to-windows-setup (SetupComplete.cmd must not reboot)',
  async check({image}) {
    const script = await image.readFile(IMAGE_PATHS.setupComplete);
    if (!script) return [];
    const lines = script.toString('latin1').split(/\r?\n/);
    const index = lines.findIndex((line) => !/^\s*(rem\b|::)/i.test(line) && REBOOT.test(line));
    if (index < 0) return [];
    return [
      {
        message: `SetupComplete.cmd line ${index + 1} reboots ("${lines[index].trim()}"): Setup cannot resume after it`,
        location: {file: IMAGE_PATHS.setupComplete, value: `line ${index + 1}`},
        fix: 'remove the reboot; schedule it for after setup instead',
      },
    ];
  },
};
