/**
 * Export a hive (or one key) as `.reg` text, as regedit does: header, then each key depth-first in stored
 * (collation) order with its values in stored order, a blank line after each key, CRLF line ends.
 */
import {badInput, isWinprepError} from '../errors.js';
import {HiveKey} from './key.js';
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

/** Identity of a key for cycle detection: its cell when it is one of ours. */
const identity = (key: RegKey): unknown => (key instanceof HiveKey ? key.cell : key);

/**
 * Append the `.reg` text of `key` and its subtree to `out`. A key reached twice (a cyclic or shared list
 * in a corrupt hive) or nesting deeper than Windows' 512 levels is an error, so the walk always ends.
 */
export function exportKeyInto(out: string[], key: RegKey, prefix: string, seen = new Set<unknown>(), depth = 0): void {
  const id = identity(key);
  if (seen.has(id)) throw badInput(`corrupt registry hive: key ${key.path} is reachable twice (a cyclic subkey list)`, {code: 'HIVE_CORRUPT'});
  if (depth > 512) throw badInput(`corrupt registry hive: key ${key.path} is nested deeper than 512 levels`, {code: 'HIVE_CORRUPT'});
  seen.add(id);
  out.push(formatKeyLine(joinRegPath(prefix, key.path)), CRLF);
  for (const value of key.values()) out.push(formatValue(value), CRLF);
  out.push(CRLF);
  for (const child of key.subkeys()) exportKeyInto(out, child, prefix, seen, depth + 1);
}

export function exportReg(hive: HiveApi, options: ExportOptions): string {
  const key = options.keyPath ? hive.key(options.keyPath) : hive.root();
  if (!key) throw badInput(`key not found: ${options.keyPath}`, {file: hive.file, code: 'KEY_NOT_FOUND'});
  const out: string[] = [REG_HEADER, CRLF, CRLF];
  try {
    exportKeyInto(out, key, normalizeRegPath(options.mountPrefix));
  } catch (error) {
    // Name the hive file in errors raised below (cell faults already do).
    if (isWinprepError(error) && hive.file && !error.file) throw badInput(error.message, {file: hive.file, code: error.code, hint: error.hint});
    throw error;
  }
  return out.join('');
}

/** `.reg` text as regedit saves it: UTF-16LE with a byte-order mark. */
export const encodeRegFile = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
