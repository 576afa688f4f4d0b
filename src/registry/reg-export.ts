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
  /** The text will be saved as UTF-8: names with lone surrogates cannot be written then. */
  utf8?: boolean;
  /** Receives the keys and values left out because their names cannot be read back from .reg text. */
  skipped?: SkippedEntry[];
}

/** A key (with its subtree) or a value left out of .reg text, with the full path and the reason. */
export interface SkippedEntry {
  kind: 'key' | 'value';
  /** Full .reg path of the key (of the value's key for a value). */
  path: string;
  /** The value's name, for a value. */
  name?: string;
  reason: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a name cannot be written into .reg text so that a reader (regedit's or ours) gets it back, or
 * undefined. A .reg line ends at CR or LF, and regedit writes key names raw inside `[...]` and value names
 * inside quotes with only `\\` and `\"` escaped, so a name holding a line break cannot be expressed at all;
 * rather than write a file no importer can read, such keys and values are left out and reported.
 * `first` marks the first path component when the mount prefix is empty: `[-` there means deletion and
 * HKLM/HKCU/… would be read as a root alias.
 */
export function regNameProblem(name: string, options: {utf8?: boolean; first?: boolean} = {}): string | undefined {
  if (/[\r\n]/.test(name)) return 'its name holds a line break (CR or LF), which no .reg file can express';
  if (options.utf8 && LONE_SURROGATE.test(name)) return 'its name holds an unpaired UTF-16 surrogate, which UTF-8 cannot carry (export without --utf8)';
  if (options.first && name.startsWith('-')) return 'with an empty prefix, a first key name starting with "-" reads as a deletion';
  if (options.first && /^(HKLM|HKCU|HKU|HKCR|HKCC)$/i.test(name)) return 'with an empty prefix, this first key name reads as a root key abbreviation';
  return undefined;
}

export interface KeyWriteOptions {
  utf8?: boolean;
  skipped?: SkippedEntry[];
}

export const joinRegPath = (prefix: string, keyPath: string): string => (prefix === '' ? keyPath : keyPath === '' ? prefix : `${prefix}\\${keyPath}`);

/** Identity of a key for cycle detection: its cell when it is one of ours. */
const identity = (key: RegKey): unknown => (key instanceof HiveKey ? key.cell : key);

/** Why `key` cannot appear in .reg text under `prefix` (its own name; its parents were checked already). */
export function keyProblem(key: RegKey, prefix: string, utf8?: boolean): string | undefined {
  if (key.path === '') return undefined;
  return regNameProblem(key.name, {utf8, first: prefix === '' && !key.path.includes('\\')});
}

/**
 * Append the `.reg` text of `key` and its subtree to `out`. A key reached twice (a cyclic or shared list
 * in a corrupt hive) or nesting deeper than Windows' 512 levels is an error, so the walk always ends.
 * Keys and values whose names cannot be written (regNameProblem) are left out and listed in `skipped`.
 */
export function exportKeyInto(out: string[], key: RegKey, prefix: string, seen = new Set<unknown>(), depth = 0, options: KeyWriteOptions = {}): void {
  const id = identity(key);
  if (seen.has(id)) throw badInput(`corrupt registry hive: key ${key.path} is reachable twice (a cyclic subkey list)`, {code: 'HIVE_CORRUPT'});
  if (depth > 512) throw badInput(`corrupt registry hive: key ${key.path} is nested deeper than 512 levels`, {code: 'HIVE_CORRUPT'});
  seen.add(id);
  const fullPath = joinRegPath(prefix, key.path);
  const problem = keyProblem(key, prefix, options.utf8);
  if (problem) {
    options.skipped?.push({kind: 'key', path: fullPath, reason: `${problem}; the key and its subtree were left out`});
    return;
  }
  out.push(formatKeyLine(fullPath), CRLF);
  for (const value of key.values()) {
    const valueProblem = regNameProblem(value.name, {utf8: options.utf8});
    if (valueProblem) options.skipped?.push({kind: 'value', path: fullPath, name: value.name, reason: `${valueProblem}; the value was left out`});
    else out.push(formatValue(value), CRLF);
  }
  out.push(CRLF);
  for (const child of key.subkeys()) exportKeyInto(out, child, prefix, seen, depth + 1, options);
}

export function exportReg(hive: HiveApi, options: ExportOptions): string {
  const key = options.keyPath ? hive.key(options.keyPath) : hive.root();
  if (!key) throw badInput(`key not found: ${options.keyPath}`, {file: hive.file, code: 'KEY_NOT_FOUND'});
  const out: string[] = [REG_HEADER, CRLF, CRLF];
  try {
    exportKeyInto(out, key, normalizeRegPath(options.mountPrefix), new Set(), 0, {utf8: options.utf8, skipped: options.skipped});
  } catch (error) {
    // Name the hive file in errors raised below (cell faults already do).
    if (isWinprepError(error) && hive.file && !error.file) throw badInput(error.message, {file: hive.file, code: error.code, hint: error.hint});
    throw error;
  }
  return out.join('');
}

/** `.reg` text as regedit saves it: UTF-16LE with a byte-order mark. */
export const encodeRegFile = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
