/**
 * A list of registry edits (set or delete one value) that KMS configuration stages into a hive, and that
 * the same settings render as a .reg file — one description, two outputs, so the dry run shows exactly
 * what a real run writes.
 */
import type {HiveApi, RegValue} from '../registry/types.js';
import {describeValue, sameValue} from '../registry/index.js';

export type RegEdit = {action: 'set'; key: string; value: RegValue} | {action: 'delete'; key: string; name: string};

export const setEdit = (key: string, value: RegValue): RegEdit => ({action: 'set', key, value});
export const deleteEdit = (key: string, name: string): RegEdit => ({action: 'delete', key, name});

export const editName = (edit: RegEdit): string => (edit.action === 'set' ? edit.value.name : edit.name);

/** One value as a report shows it: before/after as text, absent when the value did not / will not exist. */
export interface ValueChange {
  /** Hive-relative key path. */
  key: string;
  name: string;
  action: 'set' | 'delete';
  before?: string;
  after?: string;
  changed: boolean;
}

/** Stage the edits into the hive, returning what each did. Unchanged values are not rewritten. */
export function applyEdits(hive: HiveApi, edits: readonly RegEdit[]): ValueChange[] {
  return edits.map((edit) => {
    const name = editName(edit);
    const current = hive.getValue(edit.key, name);
    const before = current ? describeValue(current) : undefined;
    if (edit.action === 'delete') {
      const changed = current !== undefined && hive.deleteValue(edit.key, name);
      return {key: edit.key, name, action: 'delete', before, changed};
    }
    const changed = !sameValue(current, edit.value);
    if (changed) hive.setValue(edit.key, edit.value);
    return {key: edit.key, name, action: 'set', before, after: describeValue(edit.value), changed};
  });
}
