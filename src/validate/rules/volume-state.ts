/**
 * WP090–WP092: the state of the captured volume itself. A hibernated / Fast Startup volume keeps its real
 * state in hiberfil.sys, so offline changes can be lost (docs/reference/offline-registry.md#volume-state); pending servicing runs on every
 * clone's first boot (docs/reference/offline-registry.md#volume-state); a Sysprep error log says the last generalize failed (docs/reference/setup-state.md#panther).
 */
import type {Rule} from '../types.js';

const HIBERFIL = 'hiberfil.sys';
const PENDING_SERVICING = 'Windows/WinSxS/pending.xml';
const SYSPREP_ERRORS = 'Windows/System32/Sysprep/Panther/setuperr.log';

export const hibernatedVolume: Rule = {
  id: 'WP090',
  name: 'hibernated-volume',
  title: 'The volume was shut down, not hibernated (no hiberfil.sys)',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/windows-hardware/design/device-experiences/powercfg-command-line-options (hibernation keeps system state in hiberfil.sys, outside the registry files winprep edits)',
  async check({image}) {
    if (!(await image.exists(HIBERFIL))) return [];
    return [
      {
        message: 'hiberfil.sys is present: the volume was hibernated or uses Fast Startup, so Windows may resume an older state and drop offline changes',
        location: {file: HIBERFIL},
        fix: 'in the reference VM run `powercfg /h off` (or shut down with `shutdown /s /t 0`), then capture again',
      },
    ];
  },
};

export const pendingServicing: Rule = {
  id: 'WP091',
  name: 'pending-servicing',
  title: 'No servicing operations are pending',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--generalize--a-windows-installation (sysprep fails on an installation with pending servicing operations)',
  async check({image}) {
    if (!(await image.exists(PENDING_SERVICING))) return [];
    return [
      {
        message: 'Windows/WinSxS/pending.xml is present: updates are half-installed and every clone will finish them at first boot',
        location: {file: PENDING_SERVICING},
        fix: 'reboot the reference VM until servicing completes (or DISM /Cleanup-Image /RevertPendingActions), then capture again',
      },
    ];
  },
};

export const sysprepErrorLog: Rule = {
  id: 'WP092',
  reads: [SYSPREP_ERRORS],
  name: 'sysprep-error-log',
  title: 'The last Sysprep run left no errors',
  severity: 'warning',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/windows-hardware/manufacture/desktop/deployment-troubleshooting-and-log-files (Sysprep\'s setuperr.log)',
  async check({image}) {
    const log = await image.readFile(SYSPREP_ERRORS);
    if (!log) return [];
    const text = (log[0] === 0xff && log[1] === 0xfe ? log.subarray(2).toString('utf16le') : log.toString('utf8')).trim();
    if (text === '') return [];
    const first = text.split(/\r?\n/).find((line) => /error|fail/i.test(line)) ?? text.split(/\r?\n/)[0];
    return [
      {
        message: `Sysprep logged errors in its last run: ${first.trim().slice(0, 200)}`,
        location: {file: SYSPREP_ERRORS},
        fix: 'read the log; if generalize failed, the image is not generalized (winprep image generalize, or fix and rerun sysprep)',
      },
    ];
  },
};
