/**
 * Will Windows Setup run on this image's next boot? Only then does it run %WINDIR%\Setup\Scripts\SetupComplete.cmd:
 * "After Windows is installed but before the logon screen appears, Windows Setup searches for the
 * SetupComplete.cmd file" — it runs at the end of Setup, never on a normal boot of a completed installation, and
 * not at all when the image was installed with an OEM product key (Windows 8 and later):
 * https://learn.microsoft.com/windows-hardware/manufacture/desktop/add-a-custom-script-to-windows-setup
 *
 * The image states that boot into Setup's OOBE are the sysprep reseal states
 * (https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states); winprep's own reseal
 * writes the same ImageState. An image that reseals to audit mode runs Setup only after a later sysprep /oobe,
 * so it does not count.
 */
import type {ImageFacts} from './facts.js';

const SETUP_RUNS = /^IMAGE_STATE_(GENERALIZE|SPECIALIZE)_RESEAL_TO_OOBE$/i;

export interface SetupRunVerdict {
  willRun: boolean;
  /** One sentence: why Setup will or will not run */
  reason: string;
}

export function setupRunVerdict(imageState: string | undefined): SetupRunVerdict {
  const state = imageState?.trim();
  if (state && SETUP_RUNS.test(state)) return {willRun: true, reason: `ImageState is ${state}: Windows Setup runs OOBE on the next boot, then SetupComplete.cmd`};
  return {
    willRun: false,
    reason: `ImageState is ${state ?? '(not set)'}: Windows Setup will not run on the next boot, so SetupComplete.cmd never runs`,
  };
}

export const setupWillRun = (facts: ImageFacts): SetupRunVerdict => setupRunVerdict(facts.generalization.imageState);
