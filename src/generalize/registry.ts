/**
 * The operation registry (virt-sysprep's model): every operation, checked once at load (unique kebab-case
 * names, headings without a trailing period, a public source or a stated inference, inferred ones off by
 * default), and the `--operations` set algebra.
 */
import {usageError} from '../errors.js';
import {didYouMean} from '../suggest.js';
import {computerName} from './operations/computer-name.js';
import {dhcpv6Duid} from './operations/dhcpv6-duid.js';
import {kmsCache} from './operations/kms-cache.js';
import {licensingStore} from './operations/licensing-store.js';
import {machineGuid} from './operations/machine-guid.js';
import {machineSid} from './operations/machine-sid.js';
import {msdtc} from './operations/msdtc.js';
import {panther} from './operations/panther.js';
import {reseal} from './operations/reseal.js';
import {skipRearm} from './operations/skip-rearm.js';
import {wsusIdentity} from './operations/wsus-identity.js';
import type {Operation} from './types.js';

/** Throws when a record breaks the registry's rules; run at load so a bad record fails every test. */
export function bake(operations: Operation[]): Operation[] {
  const seen = new Set<string>();
  for (const op of operations) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(op.name)) throw new Error(`operation name ${JSON.stringify(op.name)} is not kebab-case`);
    if (seen.has(op.name)) throw new Error(`operation ${op.name} registered twice`);
    seen.add(op.name);
    if (op.heading.trim() === '' || /[.\n]$/.test(op.heading)) throw new Error(`operation ${op.name}: heading empty or ends with a period/newline`);
    if (!/^(https:\/\/\S+|docs\/\S+)$/.test(op.evidence)) throw new Error(`operation ${op.name}: evidence must be a public https URL or a docs/ path`);
    if (op.basis.kind === 'documented' && !/^https:\/\/\S+$/.test(op.basis.source)) throw new Error(`operation ${op.name}: a documented basis needs its public https URL`);
    if (op.basis.kind === 'inferred' && (op.defaultOn || op.basis.why.trim() === '')) throw new Error(`operation ${op.name}: an inferred operation must say why and be off by default`);
    if (!op.defaultOn && !op.riskNote) throw new Error(`operation ${op.name}: off by default without a stated reason (riskNote)`);
  }
  return [...operations].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

export const OPERATIONS: readonly Operation[] = bake([
  panther,
  computerName,
  machineGuid,
  wsusIdentity,
  kmsCache,
  dhcpv6Duid,
  skipRearm,
  msdtc,
  reseal,
  machineSid,
  licensingStore,
]);

export const operationNames = (): string[] => OPERATIONS.map((op) => op.name);

/**
 * `--operations` values → the operations to run, in registry order. Each value is a comma list of
 * `name`/`+name` (add), `-name` (remove), `defaults`, `all` (and `-defaults`, `-all`); the first use
 * starts from the empty set (virt-sysprep). No values → the defaults. Unknown names are usage errors.
 */
export function resolveOperations(values: string[] | undefined, registry: readonly Operation[] = OPERATIONS): Operation[] {
  if (!values || values.length === 0) return registry.filter((op) => op.defaultOn);
  const byName = new Map(registry.map((op) => [op.name, op]));
  const chosen = new Set<string>();
  for (const token of values.flatMap((v) => v.split(','))) {
    const item = token.trim();
    if (item === '') throw usageError('--operations has an empty item', {code: 'UNKNOWN_OPERATION', hint: 'give names separated by commas, e.g. defaults,-computer-name'});
    const remove = item.startsWith('-');
    const name = item.replace(/^[+-]/, '');
    const names = name === 'defaults' ? registry.filter((op) => op.defaultOn).map((op) => op.name) : name === 'all' ? [...byName.keys()] : [name];
    for (const n of names) {
      if (!byName.has(n)) {
        throw usageError(`unknown operation "${n}"${didYouMean(n, [...byName.keys(), 'defaults', 'all'])}`, {code: 'UNKNOWN_OPERATION', hint: `known operations: ${[...byName.keys()].join(', ')} (see --list-operations)`});
      }
      if (remove) chosen.delete(n);
      else chosen.add(n);
    }
  }
  return registry.filter((op) => chosen.has(op.name));
}
