/**
 * `diffHives(a, b)`: the `.reg` text that turns hive `a` into hive `b` — new and changed values, `"name"=-`
 * for removed values, whole sections for new keys and `[-key]` for removed keys. Applying it to `a` with
 * applyReg gives `b`'s keys and values (timestamps, classes and security are not compared).
 */
import {badInput} from '../errors.js';
import type {Integer} from '../json-types.js';
import {HiveKey} from './key.js';
import {upcaseName} from './names.js';
import {exportKeyInto, joinRegPath, keyProblem, regNameProblem, type SkippedEntry} from './reg-export.js';
import {CRLF, formatKeyLine, formatValue, formatValueName} from './reg-format.js';
import {normalizeRegPath} from './mount.js';
import {REG_HEADER} from './reg-types.js';
import type {HiveApi, RegKey, RegValue} from './types.js';

export interface HiveDiff {
  /** `.reg` text (header included); only the header when the hives hold the same keys and values. */
  text: string;
  keysAdded: Integer;
  keysRemoved: Integer;
  keysChanged: Integer;
  valuesSet: Integer;
  valuesDeleted: Integer;
  /** True when nothing differs. */
  same: boolean;
  /** Differences left out of `text` because the names involved cannot be written as .reg text. */
  skipped: SkippedEntry[];
}

const sameValue = (a: RegValue, b: RegValue): boolean => a.type === b.type && a.data.equals(b.data);
const identity = (key: RegKey): unknown => (key instanceof HiveKey ? key.cell : key);

export function diffHives(a: HiveApi, b: HiveApi, options: {mountPrefix: string; keyPath?: string}): HiveDiff {
  const prefix = normalizeRegPath(options.mountPrefix);
  const out: string[] = [REG_HEADER, CRLF, CRLF];
  const result: HiveDiff = {text: '', keysAdded: 0, keysRemoved: 0, keysChanged: 0, valuesSet: 0, valuesDeleted: 0, same: true, skipped: []};
  const seenA = new Set<unknown>();
  const seenB = new Set<unknown>();

  const walk = (ka: RegKey, kb: RegKey, depth: number): void => {
    if (seenA.has(identity(ka)) || seenB.has(identity(kb)) || depth > 512) {
      throw badInput(`corrupt registry hive: key ${kb.path} is reachable twice or nested too deep`, {code: 'HIVE_CORRUPT'});
    }
    seenA.add(identity(ka));
    seenB.add(identity(kb));
    const fullPath = joinRegPath(prefix, kb.path);
    const problem = depth === 0 ? undefined : keyProblem(kb, prefix);
    const before = new Map(ka.values().map((value) => [upcaseName(value.name), value]));
    const lines: string[] = [];
    let changedHere = 0;
    for (const value of kb.values()) {
      const key = upcaseName(value.name);
      const old = before.get(key);
      before.delete(key);
      if (old && sameValue(old, value)) continue;
      result.valuesSet++;
      changedHere++;
      const valueProblem = regNameProblem(value.name);
      if (valueProblem) result.skipped.push({kind: 'value', path: fullPath, name: value.name, reason: `${valueProblem}; the change was left out`});
      else lines.push(formatValue(value), CRLF);
    }
    for (const gone of before.values()) {
      result.valuesDeleted++;
      changedHere++;
      const valueProblem = regNameProblem(gone.name);
      if (valueProblem) result.skipped.push({kind: 'value', path: fullPath, name: gone.name, reason: `${valueProblem}; the deletion was left out`});
      else lines.push(`${formatValueName(gone.name)}=-`, CRLF);
    }
    if (changedHere > 0) result.keysChanged++;
    if (lines.length > 0) {
      if (problem) result.skipped.push({kind: 'key', path: fullPath, reason: `${problem}; its changed values were left out`});
      else out.push(formatKeyLine(fullPath), CRLF, ...lines, CRLF);
    }
    const childrenA = new Map(ka.subkeys().map((child) => [upcaseName(child.name), child]));
    for (const child of kb.subkeys()) {
      const key = upcaseName(child.name);
      const old = childrenA.get(key);
      childrenA.delete(key);
      if (old) {
        walk(old, child, depth + 1);
      } else {
        exportKeyInto(out, child, prefix, seenB, depth + 1, {skipped: result.skipped});
        result.keysAdded++;
      }
    }
    for (const gone of childrenA.values()) {
      result.keysRemoved++;
      const goneProblem = keyProblem(gone, prefix);
      if (goneProblem) result.skipped.push({kind: 'key', path: joinRegPath(prefix, gone.path), reason: `${goneProblem}; its deletion was left out`});
      else out.push(formatKeyLine(joinRegPath(prefix, gone.path), true), CRLF, CRLF);
    }
  };

  const rootA = options.keyPath ? a.key(options.keyPath) : a.root();
  const rootB = options.keyPath ? b.key(options.keyPath) : b.root();
  if (!rootA || !rootB) throw badInput(`key not found: ${options.keyPath}`, {file: (rootA ? b : a).file, code: 'KEY_NOT_FOUND'});
  walk(rootA, rootB, 0);
  result.text = out.join('');
  result.same = result.keysAdded + result.keysRemoved + result.keysChanged === 0;
  return result;
}
