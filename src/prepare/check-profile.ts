/**
 * What the schema cannot check but `image prepare` would reject: every generalize operation must be known.
 * `profile check` and `image prepare` share this, so a profile that checks clean does not fail at run time.
 */
import {WinprepError, isWinprepError} from '../errors.js';
import {resolveOperations} from '../generalize/index.js';
import {type ProfileCheckResult, checkProfileFile as checkProfileSchema} from '../licensing/profile-files.js';
import type {Profile} from '../licensing/profile.js';

/** Throws a bad-input error naming the file and the JSON path of the first unknown operation. */
export function checkProfileOperations(profile: Profile, file: string): void {
  const items = profile.generalize?.operations ?? [];
  items.forEach((item, i) => {
    try {
      resolveOperations([item]);
    } catch (error) {
      if (!isWinprepError(error)) throw error;
      throw new WinprepError('badInput', `${file}: /generalize/operations/${i}: ${error.message}`, {code: error.code, hint: 'winprep image generalize --list-operations lists the operations'});
    }
  });
}

/** The schema checks of licensing/profile-files plus the operation names. */
export async function checkProfileFile(file: string): Promise<ProfileCheckResult> {
  const result = await checkProfileSchema(file);
  checkProfileOperations(result.profile, file);
  return result;
}
