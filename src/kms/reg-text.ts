/**
 * Render registry edits as a .reg file ("Windows Registry Editor Version 5.00"), the format regedit imports
 * on another host (domain.md §2.2 notes DnsDomainPublishList is best carried this way).
 */
import {RegType, type RegValue} from '../registry/types.js';
import {type RegEdit, editName} from './reg-edits.js';
import {decodeDword, decodeSz} from './reg-values.js';

export const REG_HEADER = 'Windows Registry Editor Version 5.00';
export const HKLM_SOFTWARE = 'HKEY_LOCAL_MACHINE\\SOFTWARE';

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** hex(n):aa,bb,… wrapped like regedit at about 80 columns with a trailing backslash. */
function hexData(prefix: string, data: Buffer): string {
  const bytes = [...data].map((b) => b.toString(16).padStart(2, '0'));
  const lines: string[] = [];
  let line = prefix;
  for (const [i, byte] of bytes.entries()) {
    const piece = i < bytes.length - 1 ? `${byte},` : byte;
    if (line.length + piece.length > 77) {
      lines.push(`${line}\\`);
      line = '  ';
    }
    line += piece;
  }
  lines.push(line);
  return lines.join('\r\n');
}

export function regValueLine(value: RegValue): string {
  const name = value.name === '' ? '@' : quote(value.name);
  switch (value.type) {
    case RegType.SZ:
      return `${name}=${quote(decodeSz(value.data))}`;
    case RegType.DWORD:
      return `${name}=dword:${(decodeDword(value.data) ?? 0).toString(16).padStart(8, '0')}`;
    case RegType.BINARY:
      return hexData(`${name}=hex:`, value.data);
    default:
      return hexData(`${name}=hex(${value.type.toString(16)}):`, value.data);
  }
}

/** The .reg text (CRLF line ends) of edits below `mount` (the hive's place under HKLM). */
export function renderRegFile(edits: readonly RegEdit[], mount: string = HKLM_SOFTWARE): string {
  const byKey = new Map<string, RegEdit[]>();
  for (const edit of edits) {
    const list = byKey.get(edit.key) ?? [];
    list.push(edit);
    byKey.set(edit.key, list);
  }
  const blocks = [...byKey.entries()].map(([key, list]) => {
    const lines = list.map((edit) => (edit.action === 'set' ? regValueLine(edit.value) : `${quote(editName(edit))}=-`));
    return [`[${mount}\\${key}]`, ...lines].join('\r\n');
  });
  return `${[REG_HEADER, ...blocks].join('\r\n\r\n')}\r\n`;
}

/** regedit's own encoding for version 5.00 files: UTF-16LE with a byte-order mark. */
export const encodeRegFile = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
