/**
 * Export a hive (or one key) as `.reg` text, as regedit does: header, then each key depth-first in stored
 * (collation) order with its values in stored order, a blank line after each key, CRLF line ends.
 */
import {badInput} from '../errors.js';
import {CRLF, formatKeyLine, formatValue} from './reg-format.js';
import {normalizeRegPath} from './mount.js';
import {REG_HEADER} from './reg-types.js';
import type {HiveApi, RegKey} from './types.js';

export interface ExportOptions {
  /** Key to export (with its subtree); default the root. */
  keyPath?: string;
  /** Where the hive's root is mounted, e.g. `HKEY_LOCAL_MACHINE\SYSTEM` (see mountPrefixFor). */
  mountPrefix: string;
}

export const joinRegPath = (prefix: string, keyPath: string): string => (prefix === '' ? keyPath : keyPath === '' ? prefix : `${prefix}\\${keyPath}`);

/** Append the `.reg` text of `key` and its subtree to `out`. Depth-capped like Windows (512 levels). */
export function exportKeyInto(out: string[], key: RegKey, prefix: string, depth = 0): void {
  if (depth > 512) throw badInput(`key ${key.path} is nested deeper than 512 levels (a cycle?)`, {code: 'HIVE_CORRUPT'});
  out.push(formatKeyLine(joinRegPath(prefix, key.path)), CRLF);
  for (const value of key.values()) out.push(formatValue(value), CRLF);
  out.push(CRLF);
  for (const child of key.subkeys()) exportKeyInto(out, child, prefix, depth + 1);
}

export function exportReg(hive: HiveApi, options: ExportOptions): string {
  const key = options.keyPath ? hive.key(options.keyPath) : hive.root();
  if (!key) throw badInput(`key not found: ${options.keyPath}`, {file: hive.file, code: 'KEY_NOT_FOUND'});
  const out: string[] = [REG_HEADER, CRLF, CRLF];
  exportKeyInto(out, key, normalizeRegPath(options.mountPrefix));
  return out.join('');
}

/** `.reg` text as regedit saves it: UTF-16LE with a byte-order mark. */
export const encodeRegFile = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
