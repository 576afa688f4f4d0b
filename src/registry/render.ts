/** Human text for `winprep reg` results (pure functions returning strings). */
import {describeLogProblems} from './log-replay.js';
import type {RegDiffResult, RegExportResult, RegGetResult, RegImportResult, ReplayReport} from './operations.js';
import type {SkippedEntry} from './reg-export.js';
import type {LogRecovery} from './types.js';
import {valueDisplay} from './value-text.js';
import type {ValueJson} from './value-text.js';
import type {VerifyReport} from './verify.js';

const toValue = (v: ValueJson) => ({name: v.name, type: v.type, data: Buffer.from(v.data, 'hex')});

/** A value alone prints its data (scripts); a key prints like `reg query`. */
export function renderGet(result: RegGetResult): string {
  if (result.value) {
    const decoded = result.value.value;
    if (Array.isArray(decoded)) return decoded.join('\n');
    if (decoded !== undefined) return String(decoded);
    return result.value.data;
  }
  const lines = [`\\${result.key}`];
  for (const value of result.values ?? []) lines.push(`    ${value.name === '' ? '(Default)' : value.name}    ${value.typeName}    ${valueDisplay(toValue(value))}`);
  if ((result.subkeys ?? []).length > 0) lines.push('');
  for (const name of result.subkeys ?? []) lines.push(`\\${result.key ? `${result.key}\\` : ''}${name}`);
  return lines.join('\n');
}

/** The warning of `reg get` and `reg export` when what they read may be older than the hive's logs. */
export const dirtyWarning = (dirtyReason: string): string =>
  `the hive is dirty (${dirtyReason}): its transaction logs may hold newer data; --replay-logs shows what Windows would see after replaying them`;

const unit = (recovery: LogRecovery): string => (recovery.format === 'new' ? 'log entries' : 'dirty pages (Windows 7/8.0 log format)');

/**
 * The warnings of a read command about the hive's dirty state: with --replay-logs, what was replayed in
 * memory (the file untouched) or why nothing could be; without, the plain dirty warning.
 */
export function readStateWarnings(file: string, dirtyReason: string | undefined, replay: ReplayReport | undefined): string[] {
  if (!replay) return dirtyReason ? [dirtyWarning(dirtyReason)] : [];
  dirtyReason = replay.dirtyReason ?? dirtyReason;
  if (replay.recovery) {
    const r = replay.recovery;
    return [`${file} is dirty (${dirtyReason}); shown as Windows would see it after replaying ${r.applied} ${unit(r)} from ${r.logs.join(', ')}, in memory only: the files are unchanged`];
  }
  if (!replay.needed) return [];
  return [`${file} is dirty (${dirtyReason}) and its logs cannot be replayed: ${describeLogProblems(replay.problems)}; shown as the file holds it, without what only the logs hold`];
}

/** One warning per key or value left out of .reg text, naming it (control characters escaped). */
export const skippedWarnings = (skipped: SkippedEntry[]): string[] =>
  skipped.map((entry) =>
    entry.kind === 'key' ? `left out key ${JSON.stringify(entry.path)}: ${entry.reason}` : `left out value ${JSON.stringify(entry.name)} of ${JSON.stringify(entry.path)}: ${entry.reason}`,
  );

export const renderExport = (result: RegExportResult): string =>
  result.out ? `exported ${result.key ? `\\${result.key}` : 'the whole hive'} of ${result.file} to ${result.out} (${result.encoding})` : result.text.replace(/\r\n$/, '');

export function renderImport(result: RegImportResult): string {
  const s = result.summary;
  const counts = `${s.keysCreated} keys created, ${s.keysDeleted} deleted, ${s.valuesSet} values set, ${s.valuesDeleted} deleted`;
  const lines: string[] = [];
  const recovery = result.replay?.recovery;
  if (recovery) {
    const d = result.replay!.recovered!;
    lines.push(
      `replayed ${recovery.applied} ${unit(recovery)} from ${recovery.logs.join(', ')}: recovered ${d.keysAdded} new keys (with their subtrees), ${d.keysRemoved} removed, ${d.keysChanged} changed, ${d.valuesSet} values set, ${d.valuesDeleted} deleted`,
    );
  } else if (result.replay && !result.replay.needed) {
    lines.push(`${result.file} is clean: no transaction-log replay was needed`);
  } else if (result.replay) {
    lines.push(`the logs of ${result.file} were not replayed (--force-dirty): ${describeLogProblems(result.replay.problems)}`);
  }
  if (result.dryRun) {
    const recovered = recovery ? ' and the recovered log data' : '';
    lines.push(`dry run: ${result.regFile} would change ${result.file} (${counts})${recovered}; nothing was written.`, '', result.changes.text.replace(/\r\n$/, ''));
  } else if (result.written) {
    lines.push(`imported ${result.regFile} into ${result.file}: ${counts}${recovery ? '; saved with the recovered log data, clean' : ''}`);
  } else {
    lines.push(`${result.file} already holds everything in ${result.regFile}; nothing written`);
  }
  return lines.join('\n');
}

export function renderDiff(result: RegDiffResult): string {
  if (result.same) return `no differences in keys or values between ${result.fileA} and ${result.fileB}`;
  return result.text.replace(/\r\n$/, '');
}

export function renderVerify(report: VerifyReport): string {
  const lines = [
    `${report.file ?? 'hive'}: regf ${report.version}, ${report.keys} keys, ${report.values} values, ${report.securityCells} security cells, ${report.bins} bins (${report.binsSize} bytes, ${report.freeBytes} free)`,
  ];
  if (report.dirty) lines.push(`dirty: ${report.dirtyReason}`);
  for (const issue of report.issues) lines.push(`${issue.severity}: [${issue.check}] ${issue.keyPath !== undefined ? `\\${issue.keyPath}: ` : ''}${issue.message}`);
  const hidden = report.errors + report.warnings - report.issues.length;
  if (hidden > 0) lines.push(`… and ${hidden} more`);
  lines.push(report.ok ? 'ok: the hive passes every check Windows makes at load' : `FAILED: ${report.errors} errors, ${report.warnings} warnings`);
  return lines.join('\n');
}
