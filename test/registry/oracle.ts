/** Independent views of a hive for comparisons: hivexregedit --export, reglookup, and our own export. */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {exportReg, parseReg, type HiveApi} from '../../src/registry/index.js';
import {run} from '../helpers/tools.js';

/** path → value name → "type:hexdata"; keys without values map to an empty Map. */
export type HiveView = Map<string, Map<string, string>>;

export function viewOfReg(text: string): HiveView {
  const view: HiveView = new Map();
  for (const section of parseReg(text).sections) {
    const values = view.get(section.path) ?? new Map<string, string>();
    for (const entry of section.entries) if (entry.value) values.set(entry.name, `${entry.value.type.toString(16)}:${entry.value.data.toString('hex')}`);
    view.set(section.path, values);
  }
  return view;
}

export const ourView = (hive: HiveApi, prefix = 'HKEY_LOCAL_MACHINE\\TEST'): HiveView => viewOfReg(exportReg(hive, {mountPrefix: prefix}));

export function hivexView(file: string, prefix = 'HKEY_LOCAL_MACHINE\\TEST'): HiveView {
  const result = run('hivexregedit', ['--export', '--prefix', prefix, file, '\\']);
  if (result.status !== 0) throw new Error(`hivexregedit failed: ${result.stderr}`);
  return viewOfReg(result.stdout);
}

/** Plain object form for deepEqual with readable diffs. */
export const plain = (view: HiveView): Record<string, Record<string, string>> =>
  Object.fromEntries([...view].map(([key, values]) => [key, Object.fromEntries([...values].sort())]));

/** reglookup rows (path,type) without header, sorted; values only for ASCII-safe names. */
export function reglookupRows(file: string): {rows: string[]; stderr: string; status: number} {
  const result = run('reglookup', ['-H', file]);
  const rows = result.stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(',').slice(0, 2).join(','))
    .sort();
  return {rows, stderr: result.stderr, status: result.status};
}

export function tempFile(name: string, data: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'winprep-reg-'));
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}
