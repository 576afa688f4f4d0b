/**
 * The one record of a registry change every command reports (generalize operations, KMS client/host, prepare),
 * the edits that make them, and the one .reg rendering of a change set. A planned edit, the dry run's report and
 * the real run's report come from the same description, so what a dry run shows is what a real run writes.
 */
import {mountPrefixForHive} from './mount.js';
import {regValueLine} from './reg-format.js';
import {REG_HEADER} from './reg-types.js';
import type {HiveApi, RegValue} from './types.js';
import {describeValue, typeName} from './value-text.js';
import {sameValue} from './values.js';

/** The action words of registry values in every `--json` result. */
export type RegistryAction = 'set' | 'delete';

/** One registry value a run set or deleted; `before`/`after` absent = value absent. */
export interface RegistryChange {
  kind: 'registry';
  /** Inner path of the hive file, e.g. Windows/System32/config/SYSTEM */
  hive: string;
  /** Key path inside the hive, `\` separated */
  key: string;
  /** Value name ('' = default value) */
  value: string;
  action: RegistryAction;
  type?: string;
  before?: string;
  after?: string;
  /** False when the value already was as asked (nothing written). */
  changed: boolean;
  /** The change as .reg lines (key header, then the value line), for dry-run diffs */
  reg: string;
}

/** A registry edit to make: set one value, or delete one. */
export type RegEdit = {action: 'set'; key: string; value: RegValue} | {action: 'delete'; key: string; name: string};

export const setEdit = (key: string, value: RegValue): RegEdit => ({action: 'set', key, value});
export const deleteEdit = (key: string, name: string): RegEdit => ({action: 'delete', key, name});
export const editName = (edit: RegEdit): string => (edit.action === 'set' ? edit.value.name : edit.name);

/** Where the SOFTWARE hive sits in a running Windows' registry: the mount of KMS settings' .reg files. */
export const HKLM_SOFTWARE = 'HKEY_LOCAL_MACHINE\\SOFTWARE';

/** The .reg header line of a key below a mount (`HKEY_LOCAL_MACHINE\SOFTWARE`). */
const keyHeader = (mount: string, key: string): string => `[${mount}\\${key}]`;

/** Stage one edit into the hive at inner path `hivePath`; an unchanged value is not rewritten. */
export function applyEdit(hive: HiveApi, hivePath: string, edit: RegEdit): RegistryChange {
  const name = editName(edit);
  const current = hive.getValue(edit.key, name);
  const after = edit.action === 'set' ? edit.value : undefined;
  let changed: boolean;
  if (edit.action === 'delete') changed = current !== undefined && hive.deleteValue(edit.key, name);
  else {
    changed = !sameValue(current, edit.value);
    if (changed) hive.setValue(edit.key, edit.value);
  }
  const shown = after ?? current;
  return {
    kind: 'registry',
    hive: hivePath,
    key: edit.key,
    value: name,
    action: edit.action,
    type: shown ? typeName(shown.type) : undefined,
    before: current ? describeValue(current) : undefined,
    after: after ? describeValue(after) : undefined,
    changed,
    reg: `${keyHeader(mountPrefixForHive(hivePath), edit.key)}\n${regValueLine(name, after)}`,
  };
}

/** Stage the edits in order, reporting each (changed or not). */
export const applyEdits = (hive: HiveApi, hivePath: string, edits: readonly RegEdit[]): RegistryChange[] => edits.map((edit) => applyEdit(hive, hivePath, edit));

/** A .reg document (CRLF line ends, as regedit writes them): value lines grouped under their key, keys in first-seen order. */
function regDocument(lines: readonly {header: string; line: string}[]): string {
  const byKey = new Map<string, string[]>();
  for (const {header, line} of lines) {
    const list = byKey.get(header) ?? [];
    list.push(line);
    byKey.set(header, list);
  }
  const blocks = [...byKey].map(([header, list]) => [header, ...list].join('\r\n'));
  return `${[REG_HEADER, ...blocks].join('\r\n\r\n')}\r\n`;
}

/** The .reg text of planned edits below `mount` (the hive's place in the registry, e.g. HKEY_LOCAL_MACHINE\SOFTWARE). */
export const renderRegFile = (edits: readonly RegEdit[], mount: string): string =>
  regDocument(edits.map((edit) => ({header: keyHeader(mount, edit.key), line: regValueLine(editName(edit), edit.action === 'set' ? edit.value : undefined)})));

/** The .reg text of the changes a run made ('' when it changed no value): what regedit would import to make the same edits. */
export function renderRegChanges(changes: readonly RegistryChange[]): string {
  const made = changes.filter((c) => c.changed);
  if (made.length === 0) return '';
  return regDocument(
    made.map((c) => {
      const [header = '', line = ''] = c.reg.split('\n');
      return {header, line};
    }),
  );
}
