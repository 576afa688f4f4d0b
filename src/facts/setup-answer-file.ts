/**
 * The answer file Windows Setup will read at the next specialize pass, for the commands that add settings
 * there (`kms client set`, `image generalize`). Setup's implicit search order
 * (https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview):
 * SYSTEM\Setup\UnattendFile, %WINDIR%\Panther\Unattend, %WINDIR%\Panther (the copy `sysprep /unattend:`
 * caches there), removable media, %WINDIR%\System32\Sysprep, %SYSTEMDRIVE%. A file whose specialize pass
 * Setup already marked wasPassProcessed="true" cannot carry a new specialize setting (Setup does not run a
 * processed pass again), so the first file in that order whose specialize pass is still pending wins.
 * Removable media are outside the image and not considered.
 */
import {answerFileLocations} from './inspect/answer-files.js';
import {IMAGE_PATHS, type Image} from '../image/types.js';
import {parseUnattend} from '../unattend/index.js';

export interface SetupAnswerFile {
  path: string;
  /** registered: SYSTEM\Setup\UnattendFile; pending: an existing file with a pending specialize pass; new: to be created */
  why: 'registered' | 'pending' | 'new';
}

/** True when the file exists and its specialize pass is marked processed; a file that does not parse counts as pending (the caller's parse names the fault). */
async function specializeProcessed(image: Image, path: string): Promise<boolean> {
  const bytes = await image.readFile(path);
  if (bytes === undefined) return false;
  try {
    return parseUnattend(bytes, path).wasPassProcessed('specialize');
  } catch {
    return false;
  }
}

export async function nextSpecializeAnswerFile(image: Image): Promise<SetupAnswerFile> {
  const system = await image.hive(IMAGE_PATHS.systemHive);
  const locations = system ? await answerFileLocations(image, system) : [];
  for (const location of locations) {
    // The registered file is Setup's first choice whether or not it exists yet.
    if (location.viaRegistry) return {path: location.path, why: 'registered'};
    if (!(await image.exists(location.path))) continue;
    if (!(await specializeProcessed(image, location.path))) return {path: location.path, why: 'pending'};
  }
  if (!system) {
    for (const path of [IMAGE_PATHS.pantherUnattend, IMAGE_PATHS.sysprepUnattend]) {
      if ((await image.exists(path)) && !(await specializeProcessed(image, path))) return {path, why: 'pending'};
    }
  }
  // No pending file: a new one where Setup looks, beside (not over) a processed Panther copy.
  const pantherTaken = await image.exists(IMAGE_PATHS.pantherUnattend);
  return {path: pantherTaken ? IMAGE_PATHS.sysprepUnattend : IMAGE_PATHS.pantherUnattend, why: 'new'};
}
