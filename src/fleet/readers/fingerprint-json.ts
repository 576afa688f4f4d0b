/**
 * Fingerprint files: what `winprep image fingerprint --json` prints (the envelope), bare fingerprints,
 * JSON Lines, or an array of them. Each fingerprint is one image, hence one machine per clone.
 */
import {FINGERPRINT_KIND, FINGERPRINT_VERSION} from '../fingerprint.js';
import {splitJsonObjects} from '../json-objects.js';
import {normalizeIdentity} from '../normalize.js';
import type {FleetRecord, IdentityKind, ReaderItem} from '../types.js';

const FINGERPRINT_IDENTITIES: IdentityKind[] = ['machineSid', 'machineGuid', 'susClientId', 'dhcpv6Duid', 'computerName'];

export async function* readFingerprints(chunks: AsyncIterable<string>): AsyncGenerator<ReaderItem> {
  for await (const item of splitJsonObjects(chunks)) {
    if ('error' in item) {
      yield {error: {line: item.line, message: item.error}};
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch (error) {
      yield {error: {line: item.line, message: `not valid JSON: ${(error as Error).message}`}};
      continue;
    }
    for (const fingerprint of unwrap(value)) yield recordFromFingerprint(fingerprint, item.line);
  }
}

/** The fingerprints inside a --json envelope ({status, result}), or the object itself. */
function unwrap(value: unknown): unknown[] {
  if (isObject(value) && 'result' in value && 'status' in value) {
    const result = value.result;
    return Array.isArray(result) ? result : [result];
  }
  return [value];
}

/** A fleet record from one parsed fingerprint; a row error when it is not one this version reads. */
export function recordFromFingerprint(value: unknown, line: number): ReaderItem {
  if (!isObject(value) || value.kind !== FINGERPRINT_KIND) return {error: {line, message: `not a ${FINGERPRINT_KIND} record`}};
  if (value.version !== FINGERPRINT_VERSION) {
    return {error: {line, message: `fingerprint version ${String(value.version)} is not ${FINGERPRINT_VERSION}; re-run image fingerprint with this winprep`}};
  }
  const record: FleetRecord = {line, identities: {}};
  for (const kind of FINGERPRINT_IDENTITIES) {
    const raw = value[kind];
    if (raw !== undefined && typeof raw !== 'string') return {error: {line, message: `${kind} is not a string`}};
    const normalized = normalizeIdentity(kind, raw);
    if (!normalized) continue;
    if ('invalid' in normalized) return {error: {line, message: normalized.invalid}};
    record.identities[kind] = normalized.value;
  }
  // Every clone carries the image's name: it labels the record but does not tell machines apart.
  if (typeof value.computerName === 'string') record.label = value.computerName;
  if (value.osKind === 'server' || value.osKind === 'client') record.osKind = value.osKind;
  record.regenerated = value.identitiesRegenerated === true;
  record.sharesCmidOnClone = value.cmidRegenerated !== true;
  return {record};
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
