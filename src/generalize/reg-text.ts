/** The registry part of a change set as one .reg document (what regedit would import to make the same edits). */
import type {OperationReport, RegistryChange} from './types.js';

export function regTextOf(reports: OperationReport[]): string {
  const changes = reports.flatMap((r) => r.changes).filter((c): c is RegistryChange => c.kind === 'registry');
  if (changes.length === 0) return '';
  // Group value lines under their key header, keys in first-change order.
  const byKey = new Map<string, string[]>();
  for (const change of changes) {
    const [header, ...lines] = change.reg.split('\n');
    const list = byKey.get(header) ?? [];
    list.push(...lines);
    byKey.set(header, list);
  }
  const blocks = [...byKey].map(([header, lines]) => [header, ...lines].join('\n'));
  return `Windows Registry Editor Version 5.00\n\n${blocks.join('\n\n')}\n`;
}
