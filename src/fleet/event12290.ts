/**
 * KMS host event 12290 ("An activation request has been processed"), docs/reference/kms.md#events. Its Info line holds
 * nine comma-separated fields: HRESULT, minimum count needed (25 client / 5 server, docs/reference/kms.md#thresholds),
 * client FQDN, CMID, client time (YYYY/MM/DD HH:MM), VM flag, license state, minutes to expiry, Activation ID.
 */
import {SERVER_THRESHOLD} from '../licensing/defaults.js';
import {parseWindowsDate} from './dates.js';
import {normalizeIdentity} from './normalize.js';
import type {FleetRecord} from './types.js';

export const KMS_REQUEST_EVENT_ID = 12290;

const FIELD_COUNT = 9;
const HRESULT = /^0x[0-9a-f]{1,8}$/i;

/**
 * The nine fields from the event's message text: the line that starts with the HRESULT (after "Info:" in
 * English; found by its shape so that localized messages read too).
 */
export function fieldsFromMessage(message: string): string[] | undefined {
  const line = /^\s*(0x[0-9a-f]{1,8}\s*,.*)$/im.exec(message);
  if (!line) return undefined;
  const fields = line[1].split(',').map((field) => field.trim());
  return fields.length >= FIELD_COUNT ? fields : undefined;
}

/**
 * The nine fields from EventData insertion strings: either one string holding them all, or one string per
 * field, possibly after a leading extra string (the field list starts at the first HRESULT-shaped value).
 */
export function fieldsFromEventData(data: string[]): string[] | undefined {
  if (data.length === 1) return fieldsFromMessage(data[0]);
  const start = data.findIndex((value) => HRESULT.test(value.trim()));
  if (start === -1 || data.length - start < FIELD_COUNT) return undefined;
  return data.slice(start, start + FIELD_COUNT).map((value) => value.trim());
}

export type EventParse = {record: FleetRecord} | {invalid: string};

/** A fleet record from the nine fields; `loggedAt` is the host's TimeCreated when known. */
export function recordFrom12290(fields: string[], line: number, loggedAt?: number): EventParse {
  const [hresult, minCount, fqdn, cmidText, clientTime] = fields;
  if (!HRESULT.test(hresult)) return {invalid: `event 12290: "${hresult}" is not an HRESULT`};
  const cmid = normalizeIdentity('cmid', cmidText);
  if (!cmid) return {invalid: 'event 12290: no CMID'};
  if ('invalid' in cmid) return {invalid: `event 12290: ${cmid.invalid}`};
  if (!fqdn) return {invalid: 'event 12290: no client name'};
  let activatedAt = loggedAt;
  if (activatedAt === undefined) {
    const parsed = parseWindowsDate(clientTime ?? '');
    if ('invalid' in parsed) return {invalid: `event 12290: client time ${parsed.invalid}`};
    activatedAt = parsed.ms;
  }
  const min = Number(minCount);
  return {
    record: {
      line,
      machine: fqdn,
      identities: {cmid: cmid.value},
      osKind: min === SERVER_THRESHOLD ? 'server' : 'client',
      activatedAt,
      repeated: true,
    },
  };
}
