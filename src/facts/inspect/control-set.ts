/**
 * The control set in use, from SYSTEM\Select\Current: an offline SYSTEM hive has no CurrentControlSet
 * (docs/reference/offline-registry.md#control-sets, docs/reference/generalization.md#checklist), so every ControlSet00N path is resolved through this.
 */
import {badInput} from '../../errors.js';
import type {HiveApi} from '../../registry/types.js';
import type {ControlSetFacts} from '../facts.js';
import {readNumber} from './values.js';

const controlSetName = (n: number): string => `ControlSet${String(n).padStart(3, '0')}`;

export function readControlSet(system: HiveApi, file: string): ControlSetFacts {
  const available = system
    .root()
    .subkeys()
    .map((key) => key.name)
    .filter((name) => /^ControlSet\d{3}$/i.test(name))
    .sort();
  const current = readNumber(system, 'Select', 'Current');
  if (current === undefined) {
    throw badInput('SYSTEM hive has no Select\\Current value, so the control set in use is unknown', {file, code: 'NO_CONTROL_SET'});
  }
  const name = controlSetName(current);
  const stored = available.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (!stored) {
    throw badInput(`Select\\Current is ${current}, but the SYSTEM hive has no ${name} (it has ${available.join(', ') || 'none'})`, {
      file,
      code: 'NO_CONTROL_SET',
    });
  }
  return {current, name: stored, available};
}
