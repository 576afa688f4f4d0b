/** The final report of `image prepare` for a technician's terminal. */
import {renderValidationText} from '../validate/render-text.js';
import type {PrepareResult} from './prepare.js';

export function renderPrepareText(result: PrepareResult): string {
  const lines: string[] = [];
  const ops = result.generalize?.operations ?? [];
  const changed = ops.filter((o) => o.status === 'changed').map((o) => o.name);
  lines.push(`Generalize: ${changed.length > 0 ? `changed ${changed.join(', ')}` : 'nothing to change'}`);
  const kms = result.kmsClient ?? result.kmsHost;
  if (kms) {
    const values = kms.values.filter((v) => v.changed).map((v) => `${v.value}${v.action === 'delete' ? ' (removed)' : `=${v.after ?? ''}`}`);
    lines.push(`KMS ${result.role}: ${values.length > 0 ? values.join(', ') : 'already configured'}`);
  }
  const key = result.kmsClient?.productKey;
  if (key) {
    const from = key.catalogName ? ` (${key.catalogName} GVLK)` : '';
    lines.push(`Product key: ${key.key}${from} in the ${key.pass} pass of ${key.answerFile}`);
  }
  lines.push('', renderValidationText(result.validation), '');
  if (result.committed) {
    lines.push(`Committed ${result.files.length} file change(s) to ${result.image.path}.`);
    if (result.backups.length > 0) lines.push(`Previous versions kept: ${result.backups.join(', ')}`);
    for (const note of result.commitNotes ?? []) lines.push(`Note: ${note}`);
  } else {
    lines.push(`Nothing committed (${result.notCommittedBecause}); the image is unchanged.`);
    if (result.files.length > 0) lines.push(`Staged: ${result.files.map((f) => `${f.action} ${f.path}`).join(', ')}`);
  }
  return lines.join('\n');
}
