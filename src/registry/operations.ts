/**
 * The library behind `winprep reg get|export|import|diff|verify`: each takes file paths and options and
 * returns a typed result; the commands only parse flags and render.
 */
import {readFile} from 'node:fs/promises';

import {createParentFolders, writeFileAtomic} from '../image/atomic.js';
import {badInput, usageError} from '../errors.js';
import {diffHives, type HiveDiff} from './diff.js';
import {Hive} from './hive.js';
import {siblingLogFiles} from './logs.js';
import {mountPrefixFor, normalizeRegPath} from './mount.js';
import {applyReg, type ApplySummary} from './reg-apply.js';
import {encodeRegFile, exportReg} from './reg-export.js';
import {decodeRegFile, parseReg} from './reg-parse.js';
import {valueJson, type ValueJson} from './value-text.js';
import {verifyHive, type VerifyReport} from './verify.js';

/** The mount prefix to use: --prefix, else the one Windows uses for the file name. */
export function resolvePrefix(file: string, prefix?: string): string {
  if (prefix !== undefined) return normalizeRegPath(prefix);
  const known = mountPrefixFor(file);
  if (known) return known;
  throw usageError(`cannot tell where ${file} is mounted in the registry`, {hint: 'pass --prefix, e.g. --prefix "HKEY_USERS\\.DEFAULT"'});
}

export interface RegGetResult {
  file: string;
  /** Key path with the stored spelling ('' = root). */
  key: string;
  /** The requested value, when a value name was given. */
  value?: ValueJson;
  /** All values and subkey names, when no value name was given. */
  values?: ValueJson[];
  subkeys?: string[];
  /** Why the hive is dirty (its logs may hold newer data than what was read), when it is. */
  dirtyReason?: string;
}

export async function regGet(file: string, keyPath: string, valueName?: string): Promise<RegGetResult> {
  const hive = await Hive.load(file);
  const key = hive.key(keyPath);
  if (!key) throw badInput(`key not found: ${keyPath}`, {file, code: 'KEY_NOT_FOUND'});
  if (valueName !== undefined) {
    // `@` names the default value, as in .reg files and hivexget.
    const value = key.value(valueName === '@' ? '' : valueName);
    if (!value) throw badInput(`value not found: ${valueName} in ${key.path || '\\'}`, {file, code: 'VALUE_NOT_FOUND'});
    return {file, key: key.path, value: valueJson(value), dirtyReason: hive.dirtyReason};
  }
  return {file, key: key.path, values: key.values().map(valueJson), subkeys: key.subkeys().map((child) => child.name), dirtyReason: hive.dirtyReason};
}

export interface RegExportResult {
  file: string;
  prefix: string;
  key: string;
  /** The .reg text (also written to `out` when given). */
  text: string;
  out?: string;
  encoding?: 'utf16le' | 'utf8';
  /** Why the hive is dirty, when it is. */
  dirtyReason?: string;
}

export async function regExport(file: string, options: {keyPath?: string; prefix?: string; out?: string; utf8?: boolean} = {}): Promise<RegExportResult> {
  const prefix = resolvePrefix(file, options.prefix);
  const hive = await Hive.load(file);
  const text = exportReg(hive, {keyPath: options.keyPath, mountPrefix: prefix});
  const key = options.keyPath ? hive.key(options.keyPath)!.path : '';
  if (!options.out) return {file, prefix, key, text, dirtyReason: hive.dirtyReason};
  // regedit saves UTF-16LE with a BOM; --utf8 is for tools such as hivexregedit --merge.
  const encoding = options.utf8 ? 'utf8' : 'utf16le';
  await createParentFolders(options.out);
  await writeFileAtomic(options.out, encoding === 'utf8' ? Buffer.from(text, 'utf8') : encodeRegFile(text));
  return {file, prefix, key, text, out: options.out, encoding, dirtyReason: hive.dirtyReason};
}

export interface RegImportResult {
  file: string;
  regFile: string;
  prefix: string;
  dryRun: boolean;
  /** True when the hive file was rewritten. */
  written: boolean;
  summary: ApplySummary;
  /** What changed, as .reg text (the real before/after difference). */
  changes: HiveDiff;
  /** Transaction-log entries replayed first (--replay-logs); the hive is saved with them. */
  replayedLogEntries: number;
}

export async function regImport(
  file: string,
  regFile: string,
  options: {prefix?: string; dryRun?: boolean; forceDirty?: boolean; replayLogs?: boolean} = {},
): Promise<RegImportResult> {
  const prefix = resolvePrefix(file, options.prefix);
  const bytes = await readInput(file, 'hive');
  const logs = await Promise.all((await siblingLogFiles(file)).map((log) => readFile(log).catch(() => Buffer.alloc(0))));
  const before = Hive.parse(bytes, {file, logs, replayLogs: options.replayLogs});
  const hive = Hive.parse(bytes, {file, logs, forceDirty: options.forceDirty, replayLogs: options.replayLogs});
  const reg = parseReg(decodeRegFile(await readInput(regFile, '.reg file')), regFile);
  const summary = applyReg(hive, reg, {mountPrefix: prefix, file: regFile});
  const changes = diffHives(before, hive, {mountPrefix: prefix});
  const write = !options.dryRun && hive.modified;
  if (write) await writeFileAtomic(file, hive.serialize());
  return {file, regFile, prefix, dryRun: Boolean(options.dryRun), written: write, summary, changes, replayedLogEntries: hive.replayedEntries};
}

export interface RegDiffResult extends HiveDiff {
  fileA: string;
  fileB: string;
  prefix: string;
}

export async function regDiff(fileA: string, fileB: string, options: {prefix?: string; keyPath?: string} = {}): Promise<RegDiffResult> {
  const prefix = resolvePrefix(fileA, options.prefix);
  const [a, b] = await Promise.all([Hive.load(fileA), Hive.load(fileB)]);
  return {fileA, fileB, prefix, ...diffHives(a, b, {mountPrefix: prefix, keyPath: options.keyPath})};
}

export async function regVerify(file: string): Promise<VerifyReport> {
  const bytes = await readInput(file, 'hive');
  const logs = await Promise.all((await siblingLogFiles(file)).map((log) => readFile(log).catch(() => Buffer.alloc(0))));
  return verifyHive(bytes, file, {logs});
}

async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw badInput(`cannot read ${what}: ${reason}`, {file, code: 'FILE_UNREADABLE'});
  }
}
