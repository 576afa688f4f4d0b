/** Human text for `winprep reg` results (pure functions returning strings). */
import type {RegDiffResult, RegExportResult, RegGetResult, RegImportResult} from './operations.js';
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
export const dirtyWarning = (dirtyReason: string): string => `the hive is dirty (${dirtyReason}): its transaction logs may hold newer data`;

export const renderExport = (result: RegExportResult): string =>
  result.out ? `exported ${result.key ? `\\${result.key}` : 'the whole hive'} of ${result.file} to ${result.out} (${result.encoding})` : result.text.replace(/\r\n$/, '');

export function renderImport(result: RegImportResult): string {
  const s = result.summary;
  const counts = `${s.keysCreated} keys created, ${s.keysDeleted} deleted, ${s.valuesSet} values set, ${s.valuesDeleted} deleted`;
  if (result.dryRun) return `dry run: ${result.regFile} would change ${result.file} (${counts}); nothing was written.\n\n${result.changes.text.replace(/\r\n$/, '')}`;
  const replayed = result.replayedLogEntries > 0 ? ` (after replaying ${result.replayedLogEntries} transaction-log entries)` : '';
  return result.written ? `imported${replayed} ${result.regFile} into ${result.file}: ${counts}` : `${result.file} already holds everything in ${result.regFile}; nothing written`;
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
