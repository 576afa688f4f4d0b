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

export function renderGeneralizeResult(result: GeneralizeResult): string {
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
  if (result.files.length > 0) {
    lines.push('', `Files ${result.dryRun ? 'to write' : 'written'} (${result.files.length}):`);
    for (const file of result.files) lines.push(`  ${file.action.padEnd(6)} ${file.path}`);
  }
  if (result.reg) lines.push('', 'Registry changes (.reg):', result.reg.trimEnd().replaceAll('\r\n', '\n'));
  if (result.backups.length > 0) lines.push('', `Backups: ${result.backups.join(', ')}`);
  for (const note of result.commitNotes ?? []) lines.push('', `Note: ${note}`);
  return lines.join('\n');
}
