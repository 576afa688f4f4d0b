/**
 * What the schema cannot check but `image prepare` would reject: every generalize operation and validate rule
 * must be known, and the computer name valid.
 * `profile check` and `image prepare` share this, so a profile that checks clean does not fail at run time.
 */
import {WinprepError, isWinprepError} from '../errors.js';
import {resolveOperations} from '../generalize/index.js';
import {checkComputerName} from '../generalize/computer-name-pattern.js';
import {findRule} from '../validate/select-rules.js';
import {type ProfileCheckResult, checkProfileFile as checkProfileSchema} from '../licensing/profile-files.js';
import type {Profile} from '../licensing/profile.js';

/** Run `check` on a profile value; its error becomes a bad-input error naming the file and the JSON path. */
function atPath(file: string, pointer: string, hint: string | undefined, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!isWinprepError(error)) throw error;
    throw new WinprepError('badInput', `${file}: ${pointer}: ${error.message}`, {code: error.code, hint: hint ?? error.hint});
  }
}

/** Throws a bad-input error naming the file and the JSON path of the first unknown operation or rule, or a bad name. */
export function checkProfileOperations(profile: Profile, file: string): void {
  (profile.generalize?.operations ?? []).forEach((item, i) => {
    atPath(file, `/generalize/operations/${i}`, 'winprep image generalize --list-operations lists the operations', () => resolveOperations([item]));
  });
  const name = profile.generalize?.computerName;
  if (name !== undefined) atPath(file, '/generalize/computerName', undefined, () => checkComputerName(name, 'the computer name'));
  for (const key of ['rules', 'skipRules'] as const) {
    (profile.validate?.[key] ?? []).forEach((rule, i) => {
      atPath(file, `/validate/${key}/${i}`, 'winprep image validate --list-rules lists the rules', () => findRule(rule));
    });
  }
}

/** The schema checks of licensing/profile-files plus the operation names. */
export async function checkProfileFile(file: string): Promise<ProfileCheckResult> {
  const result = await checkProfileSchema(file);
  checkProfileOperations(result.profile, file);
  return result;
}
