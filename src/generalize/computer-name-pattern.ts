/** Validation of `--computer-name`: `*` (specialize makes a random name) or a literal name (docs/reference/answer-files.md#settings). */
import {badInput} from '../errors.js';

/** Characters Microsoft-Windows-Shell-Setup\ComputerName refuses (docs/reference/answer-files.md#settings). */
const FORBIDDEN = /[\s{|}~[\\\]^':;<=>?@!"#$%`()+/.,*&]/;

/** Returns the reason the name is invalid, or undefined when it is fine. */
export function computerNameProblem(name: string): string | undefined {
  if (name === '*') return undefined;
  if (name.length === 0) return 'is empty';
  if (Buffer.byteLength(name, 'utf8') > 15) return 'is longer than 15 bytes';
  const bad = FORBIDDEN.exec(name);
  if (bad) return `contains the forbidden character ${JSON.stringify(bad[0])}`;
  if (/^[0-9]+$/.test(name)) return 'is all digits';
  if (name.startsWith('-') || name.endsWith('-')) return 'starts or ends with a hyphen';
  return undefined;
}

/** `what` names where the value came from: the flag, or a profile setting (whose JSON path the caller adds). */
export function checkComputerName(name: string, what = '--computer-name'): string {
  const problem = computerNameProblem(name);
  if (problem) {
    // An invalid value is bad input (exit 3), like every other invalid value (README exit-code table).
    throw badInput(`${what} ${JSON.stringify(name)} ${problem}`, {
      code: 'BAD_COMPUTER_NAME',
      hint: 'use * for a random name at first boot, or up to 15 letters, digits and hyphens',
    });
  }
  return name;
}
