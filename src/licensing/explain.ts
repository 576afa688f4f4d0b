/** `kms explain`: one text → a known activation error code or KMS event, else bad input (exit 3). */
import {badInput} from '../errors.js';
import type {Integer} from '../json-types.js';
import {type ActivationErrorCode, type CodeNotation, lookupErrorCode, signedDecimal} from './error-codes.js';
import {type KmsEvent, lookupKmsEvent} from './events.js';

export type Explanation =
  | {kind: 'error-code'; input: string; notation: CodeNotation; signedDecimal: Integer; unsignedDecimal: Integer; entry: ActivationErrorCode}
  | {kind: 'event'; input: string; entry: KmsEvent};

export function explainCode(text: string): Explanation {
  const event = lookupKmsEvent(text);
  if (event) return {kind: 'event', input: text, entry: event};
  const found = lookupErrorCode(text);
  if (found) {
    const {entry, notation} = found;
    return {kind: 'error-code', input: text, notation, signedDecimal: signedDecimal(entry.code), unsignedDecimal: entry.code, entry};
  }
  throw badInput(`${JSON.stringify(text)} is not a known activation error code or KMS event ID`, {
    code: 'UNKNOWN_CODE',
    hint: 'give a code as 0xC004F038, C004F038 or -1073418184, or an event ID 12288-12294; `winprep kms explain --list` shows all',
  });
}
