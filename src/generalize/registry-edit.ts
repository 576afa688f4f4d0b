/**
 * Registry edits that record what they change: every operation goes through these so the
 * change list, the .reg text of a dry run and the real run are one and the same.
 */
import {badInput} from '../errors.js';
import type {Image} from '../image/types.js';
import type {HiveApi, RegValue} from '../registry/types.js';
import type {RegistryChange} from './types.js';
import {applyEdit, deleteEdit, readDword, setEdit} from '../registry/index.js';

export async function loadHive(image: Image, innerPath: string): Promise<HiveApi | undefined> {
  return image.hive(innerPath);
}

const madeChange = (change: RegistryChange): RegistryChange | undefined => (change.changed ? change : undefined);

/** Set a value unless it already holds exactly this type and data; returns the change made, if any. */
export const setValue = (hive: HiveApi, hivePath: string, key: string, value: RegValue): RegistryChange | undefined =>
  madeChange(applyEdit(hive, hivePath, setEdit(key, value)));

/** Delete a value when present; returns the change made, if any. */
export const deleteValue = (hive: HiveApi, hivePath: string, key: string, name: string): RegistryChange | undefined =>
  madeChange(applyEdit(hive, hivePath, deleteEdit(key, name)));

/**
 * The control set the next boot uses: `Select\Current` (docs/reference/offline-registry.md#control-sets — there is no CurrentControlSet offline).
 * Throws bad input when Select\Current is missing or names a control set the hive lacks.
 */
export function currentControlSet(system: HiveApi, hivePath: string): string {
  const current = readDword(system.getValue('Select', 'Current'));
  if (current === undefined) throw badInput('SYSTEM hive has no Select\\Current value', {file: hivePath, code: 'NO_CONTROL_SET'});
  const name = `ControlSet${String(current).padStart(3, '0')}`;
  if (!system.key(name)) throw badInput(`Select\\Current is ${current} but ${name} does not exist`, {file: hivePath, code: 'NO_CONTROL_SET'});
  return name;
}
