/** Human text for `image generalize`: the operation list and a run's change set (pure functions). */
import type {Change, GeneralizeResult, Operation} from './types.js';

/**
 * One line per operation: name, `*` when on by default, its basis, heading (virt-sysprep's --list-operations).
 * "inferred" marks what no public source documents: off by default, and an image it changed never validates clean.
 */
export function renderOperationList(operations: readonly Operation[]): string {
  const width = Math.max(...operations.map((op) => op.name.length));
  const lines = operations.map((op) => `${op.name.padEnd(width)} ${op.defaultOn ? '*' : ' '} ${op.basis.kind.padEnd(10)} ${op.heading}`);
  return [...lines, '', '* = on by default; inferred = no public source documents it (opt-in; validate then warns, see docs/first-boot.md)'].join('\n');
}

const shown = (text: string | undefined): string => (text === undefined ? '(absent)' : text === '' ? '""' : text);

export function renderChange(change: Change): string {
  switch (change.kind) {
    case 'registry':
      return `${change.hive.split('/').pop()}\\${change.key} ${change.value === '' ? '(default)' : change.value}: ${shown(change.before)} → ${shown(change.after)}`;
    case 'answer-file':
      return `${change.path} [${change.pass}] ${change.component}/${change.setting}: ${shown(change.before)} → ${shown(change.after)}`;
    case 'file':
      return `${change.action} ${change.path}${change.after ? ` (${change.before ? `${change.before} → ` : ''}${change.after})` : ''}`;
  }
}

const STATUS_LABEL = {changed: 'changed', unchanged: 'unchanged', 'not-applicable': 'not applicable'} as const;

/**
 * The human result: each operation with its changes, then — for a dry run or with `verbose` — the files and
 * the whole .reg text; a real run ends with one line saying what it committed (as prepare does).
 */
export function renderGeneralizeResult(result: GeneralizeResult, options: {verbose?: boolean} = {}): string {
  const detailed = result.dryRun || Boolean(options.verbose);
  const lines: string[] = [];
  lines.push(`${result.image.path} (${result.image.kind}${result.image.index === undefined ? '' : `, index ${result.image.index}`})`);
  if (result.dryRun) lines.push('Dry run: nothing was written. A real run makes exactly these changes:');
  for (const op of result.operations) {
    lines.push(`  ${STATUS_LABEL[op.status].padEnd(14)} ${op.name}${op.basis.kind === 'inferred' ? ' (inferred, not documented)' : ''}`);
    for (const change of op.changes) lines.push(`      ${renderChange(change)}`);
    for (const note of op.notes) lines.push(`      note: ${note}`);
  }
  const {changed, unchanged, notApplicable} = result.summary;
  lines.push(`${changed} changed, ${unchanged} unchanged, ${notApplicable} not applicable${result.disabled.length > 0 ? `; not run: ${result.disabled.join(', ')}` : ''}`);
  if (detailed && result.files.length > 0) {
    lines.push('', `Files ${result.dryRun ? 'to write' : 'written'} (${result.files.length}):`);
    for (const file of result.files) lines.push(`  ${file.action.padEnd(6)} ${file.path}`);
  }
  if (detailed && result.reg) lines.push('', 'Registry changes (.reg):', result.reg.trimEnd().replaceAll('\r\n', '\n'));
  for (const note of result.commitNotes ?? []) lines.push('', `Note: ${note}`);
  if (result.backups.length > 0) lines.push('', `Backups: ${result.backups.join(', ')}`);
  if (!result.dryRun) {
    lines.push(
      result.committed
        ? `Committed ${result.files.length} file change(s) to ${result.image.path}.`
        : `Nothing to commit; ${result.image.path} is unchanged.`,
    );
  }
  return lines.join('\n');
}
