/**
 * Render registry edits as a .reg file ("Windows Registry Editor Version 5.00"), the format regedit imports
 * on another host (docs/reference/kms.md#host-scripts notes DnsDomainPublishList is best carried this way).
 */
import {regValueLine} from '../registry/index.js';
import {type RegEdit, editName} from './reg-edits.js';

export const REG_HEADER = 'Windows Registry Editor Version 5.00';
export const HKLM_SOFTWARE = 'HKEY_LOCAL_MACHINE\\SOFTWARE';

/** The .reg text (CRLF line ends) of edits below `mount` (the hive's place under HKLM). */
export function renderRegFile(edits: readonly RegEdit[], mount: string = HKLM_SOFTWARE): string {
  const byKey = new Map<string, RegEdit[]>();
  for (const edit of edits) {
    const list = byKey.get(edit.key) ?? [];
    list.push(edit);
    byKey.set(edit.key, list);
  }
  const blocks = [...byKey.entries()].map(([key, list]) => {
    const lines = list.map((edit) => regValueLine(editName(edit), edit.action === 'set' ? edit.value : undefined));
    return [`[${mount}\\${key}]`, ...lines].join('\r\n');
  });
  return `${[REG_HEADER, ...blocks].join('\r\n\r\n')}\r\n`;
}

/** regedit's own encoding for version 5.00 files (UTF-16LE with a byte-order mark), from the registry engine. */
export {encodeRegFile} from '../registry/index.js';
