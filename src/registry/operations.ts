/**
 * The library behind `winprep reg get|export|import|diff|verify`: each takes file paths and options and
 * returns a typed result; the commands only parse flags and render.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';

import {createParentFolders, writeFileAtomic} from '../fs/atomic.js';
import {badInput, unreadableReason, usageError} from '../errors.js';
import type {Integer} from '../json-types.js';
import {diffHives, type HiveDiff} from './diff.js';
import {Hive, dirtyHiveError} from './hive.js';
import {siblingLogFiles} from './logs.js';
import {mountPrefixFor, mountPrefixForStoredName, normalizeRegPath} from './mount.js';
import {applyReg, type ApplySummary} from './reg-apply.js';
import {encodeRegFile, exportReg, type SkippedEntry} from './reg-export.js';
import type {LogProblem, LogRecovery} from './types.js';
import {decodeRegFile, parseReg} from './reg-parse.js';
import {valueJson, type ValueJson} from './value-text.js';
import {verifyHive, type VerifyReport} from './verify.js';

/**
 * The mount prefix to use: --prefix, else the one Windows uses for the file name, else the one for the
 * file name Windows stored in the hive's base block (a copy named `system.bak` still says `…\Config\SYSTEM`).
 * Takes the opened hive so that a corrupt file is reported as corrupt before any question of its prefix.
 */
export function resolvePrefix(file: string, prefix?: string, hive?: Pick<Hive, 'storedFileName'>): string {
  if (prefix !== undefined) return normalizeRegPath(prefix);
  const known = mountPrefixFor(file) ?? (hive ? mountPrefixForStoredName(hive.storedFileName) : undefined);
  if (known) return known;
  const stored = hive?.storedFileName ? ` (the name stored in the hive, ${JSON.stringify(hive.storedFileName)}, does not say either)` : '';
  throw usageError(`cannot tell where ${file} is mounted in the registry${stored}`, {hint: 'pass --prefix, e.g. --prefix "HKEY_USERS\\.DEFAULT"'});
}

/** What --replay-logs did for a command: the in-memory recovery, or why there was none. */
export interface ReplayReport {
  /** False when the hive was clean: there was nothing to replay. */
  needed: boolean;
  /** Why the file is dirty, when it is. */
  dirtyReason?: string;
  /** Set when the logs were replayed (in memory; files untouched unless the command writes the hive). */
  recovery?: LogRecovery;
  /** Logs, or parts of logs, that could not be used, and why. */
  problems: LogProblem[];
}

const replayReport = (hive: Hive): ReplayReport => ({needed: hive.dirty, dirtyReason: hive.dirtyReason, ...(hive.recovery ? {recovery: hive.recovery} : {}), problems: hive.logProblems ?? []});

/** Read commands: the hive with its logs replayed in memory when asked (--replay-logs). */
const openForReading = (file: string, replayLogs?: boolean): Promise<Hive> => Hive.load(file, {replayLogs});

export interface RegGetResult {
  file: string;
  /** Key path with the stored spelling ('' = root). */
  key: string;
  /** The requested value, when a value name was given. */
  value?: ValueJson;
  /** All values and subkey names, when no value name was given. */
  values?: ValueJson[];
  subkeys?: string[];
  /** Why the hive file is dirty (its logs may hold newer data than the file), when it is. */
  dirtyReason?: string;
  /** With --replay-logs: what was replayed in memory to give the view shown. */
  replay?: ReplayReport;
}

export async function regGet(file: string, keyPath: string, valueName?: string, options: {replayLogs?: boolean} = {}): Promise<RegGetResult> {
  const hive = await openForReading(file, options.replayLogs);
  const replay = options.replayLogs ? {replay: replayReport(hive)} : {};
  const key = hive.key(keyPath);
  if (!key) throw badInput(`key not found: ${keyPath}`, {file, code: 'KEY_NOT_FOUND'});
  if (valueName !== undefined) {
    // `@` names the default value, as in .reg files and hivexget.
    const value = key.value(valueName === '@' ? '' : valueName);
    if (!value) throw badInput(`value not found: ${valueName} in ${key.path || '\\'}`, {file, code: 'VALUE_NOT_FOUND'});
    return {file, key: key.path, value: valueJson(value), dirtyReason: hive.dirtyReason, ...replay};
  }
  return {file, key: key.path, values: key.values().map(valueJson), subkeys: key.subkeys().map((child) => child.name), dirtyReason: hive.dirtyReason, ...replay};
}

export interface RegExportResult {
  file: string;
  prefix: string;
  key: string;
  /** The .reg text (also written to `out` when given). */
  text: string;
  out?: string;
  encoding?: 'utf16le' | 'utf8';
  /** Keys and values left out because no .reg reader could read their names back, each with the reason. */
  skipped: SkippedEntry[];
  /** Why the hive file is dirty, when it is. */
  dirtyReason?: string;
  /** With --replay-logs: what was replayed in memory to give the text exported. */
  replay?: ReplayReport;
}

export async function regExport(file: string, options: {keyPath?: string; prefix?: string; out?: string; utf8?: boolean; replayLogs?: boolean} = {}): Promise<RegExportResult> {
  const hive = await openForReading(file, options.replayLogs);
  const prefix = resolvePrefix(file, options.prefix, hive);
  const replay = options.replayLogs ? {replay: replayReport(hive)} : {};
  const skipped: SkippedEntry[] = [];
  const text = exportReg(hive, {keyPath: options.keyPath, mountPrefix: prefix, utf8: !options.out || Boolean(options.utf8), skipped});
  const key = options.keyPath ? hive.key(options.keyPath)!.path : '';
  if (!options.out) return {file, prefix, key, text, skipped, dirtyReason: hive.dirtyReason, ...replay};
  // regedit saves UTF-16LE with a BOM; --utf8 is for tools such as hivexregedit --merge.
  const encoding = options.utf8 ? 'utf8' : 'utf16le';
  await createParentFolders(options.out);
  await writeFileAtomic(options.out, encoding === 'utf8' ? Buffer.from(text, 'utf8') : encodeRegFile(text));
  return {file, prefix, key, text, out: options.out, encoding, skipped, dirtyReason: hive.dirtyReason, ...replay};
}

export interface RegImportResult {
  file: string;
  regFile: string;
  prefix: string;
  dryRun: boolean;
  /** True when the hive file was rewritten. */
  written: boolean;
  summary: ApplySummary;
  /** What the .reg file changed, as .reg text: the hive before the import (after any replay) against after it. */
  changes: HiveDiff;
  /** Transaction-log entries (or old-format pages) replayed first (--replay-logs); the hive is saved with them. */
  replayedLogEntries: Integer;
  /** With --replay-logs: the replay, and what it recovered (the file as read against the recovered hive). */
  replay?: ReplayReport & {recovered?: HiveDiff};
}

export async function regImport(
  file: string,
  regFile: string,
  options: {prefix?: string; dryRun?: boolean; forceDirty?: boolean; replayLogs?: boolean} = {},
): Promise<RegImportResult> {
  const bytes = await readInput(file, 'hive');
  const {logs, logNames} = await readLogs(file);
  const open = (replayLogs?: boolean): Hive => Hive.parse(bytes, {file, logs, logNames, forceDirty: options.forceDirty, replayLogs});
  const hive = open(options.replayLogs);
  const prefix = resolvePrefix(file, options.prefix, hive);
  // Asked to replay, the logs could not be used, and nothing may be lost: say which log and why, even when
  // the .reg file would change nothing.
  if (options.replayLogs && hive.dirty && !hive.recovery && !options.forceDirty) throw dirtyHiveError(hive);
  // Two separate differences: what the replay recovered (file as read → recovered), and what the import
  // changed (recovered → imported). Taking both sides after the replay would hide the first.
  const before = hive.recovery ? open(true) : open(false);
  let replay: RegImportResult['replay'];
  if (options.replayLogs) {
    replay = replayReport(hive);
    if (hive.recovery) replay.recovered = diffHives(open(false), before, {mountPrefix: prefix});
  }
  const reg = parseReg(decodeRegFile(await readInput(regFile, '.reg file')), regFile);
  const summary = applyReg(hive, reg, {mountPrefix: prefix, file: regFile});
  const changes = diffHives(before, hive, {mountPrefix: prefix});
  const write = !options.dryRun && hive.modified;
  if (write) await writeFileAtomic(file, hive.serialize());
  return {file, regFile, prefix, dryRun: Boolean(options.dryRun), written: write, summary, changes, replayedLogEntries: hive.replayedEntries, ...(replay ? {replay} : {})};
}

export interface RegDiffResult extends HiveDiff {
  fileA: string;
  fileB: string;
  prefix: string;
  /** With --replay-logs: the in-memory replay of each hive. */
  replayA?: ReplayReport;
  replayB?: ReplayReport;
}

export async function regDiff(fileA: string, fileB: string, options: {prefix?: string; keyPath?: string; replayLogs?: boolean} = {}): Promise<RegDiffResult> {
  const [a, b] = await Promise.all([openForReading(fileA, options.replayLogs), openForReading(fileB, options.replayLogs)]);
  const prefix = resolvePrefix(fileA, options.prefix, a);
  const replay = options.replayLogs ? {replayA: replayReport(a), replayB: replayReport(b)} : {};
  return {fileA, fileB, prefix, ...diffHives(a, b, {mountPrefix: prefix, keyPath: options.keyPath}), ...replay};
}

export async function regVerify(file: string): Promise<VerifyReport> {
  const bytes = await readInput(file, 'hive');
  const {logs} = await readLogs(file);
  return verifyHive(bytes, file, {logs});
}

/** The sibling .LOG/.LOG1/.LOG2 files of a hive, with their names; an unreadable log reads as empty. */
async function readLogs(file: string): Promise<{logs: Buffer[]; logNames: string[]}> {
  const names = await siblingLogFiles(file);
  const logs = await Promise.all(names.map((log) => readFile(log).catch(() => Buffer.alloc(0))));
  return {logs, logNames: names.map((name) => path.basename(name))};
}

async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw badInput(`cannot read ${what}: ${unreadableReason(error)}`, {file, code: 'FILE_UNREADABLE'});
  }
}
