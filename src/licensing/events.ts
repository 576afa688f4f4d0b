/**
 * KMS event IDs (docs/reference/kms.md#events). Application log, provider Microsoft-Windows-Security-SPP (Vista:
 * Microsoft-Windows-Security-Licensing-SLC), except 12290, which the host writes to its Key Management Service log.
 * The reference documents no event 12291; it is not listed rather than guessed.
 */
import type {Integer} from '../json-types.js';
import {CLIENT_THRESHOLD, SERVER_THRESHOLD} from './defaults.js';

export interface KmsEvent {
  id: Integer;
  loggedBy: 'client' | 'host';
  log: string;
  meaning: string;
  fields: string[];
  /** What the event (or its absence) tells a troubleshooter. */
  diagnosis: string;
}

const APPLICATION = 'Application (Security-SPP)';
const KMS_LOG = 'Applications and Services Logs\\Key Management Service';

const EVENTS: KmsEvent[] = [
  {
    id: 12288,
    loggedBy: 'client',
    log: APPLICATION,
    meaning: 'The client sent an activation request to a KMS host.',
    fields: ['HRESULT', 'flags', 'server:port', 'CMID', 'client time', 'VM flag', 'license state', 'minutes to expiry', 'Activation ID', `N-policy (minimum count ${CLIENT_THRESHOLD}/${SERVER_THRESHOLD})`],
    diagnosis: '12288 without a following 12289 means the host was unreachable or did not reply.',
  },
  {
    id: 12289,
    loggedBy: 'client',
    log: APPLICATION,
    meaning: 'The client processed the KMS host\'s response.',
    fields: ['HRESULT', 'flags', 'activated flag (fBound 1/0)', 'current count', 'activation interval', 'renewal interval'],
    diagnosis: `A current count below ${CLIENT_THRESHOLD} (client) or ${SERVER_THRESHOLD} (server) explains 0xC004F038.`,
  },
  {
    id: 12290,
    loggedBy: 'host',
    log: KMS_LOG,
    meaning: 'The KMS host received an activation request.',
    fields: ['minimum count needed', 'client FQDN', 'CMID', 'timestamp', 'VM flag', 'license state', 'time to expiry', 'product ID'],
    diagnosis: 'Missing on the host means the client never reached it; the same CMID from many clients means duplicate clones.',
  },
  {
    id: 12292,
    loggedBy: 'host',
    log: APPLICATION,
    meaning: 'The KMS host failed to initialise its renewal timer (Vista-era).',
    fields: ['HRESULT'],
    diagnosis: 'Restart the licensing service on the host and check its activation state.',
  },
  {
    id: 12293,
    loggedBy: 'host',
    log: APPLICATION,
    meaning: 'The KMS host failed to publish its _vlmcs._tcp SRV record in a DNS domain.',
    fields: ['DNS domain', 'HRESULT (e.g. 0x80072338 DNS_ERROR_RCODE_BADSIG: no permission on an existing record)'],
    diagnosis: 'Another host owns the _VLMCS record, or the host lacks rights to update the zone; grant the KMS hosts group rights or publish manually.',
  },
  {
    id: 12294,
    loggedBy: 'host',
    log: APPLICATION,
    meaning: 'The KMS host published its _vlmcs._tcp SRV record.',
    fields: ['DNS domain'],
    diagnosis: 'Publishing works; if clients still fail, check their DNS suffix or lookup domain.',
  },
];

export const KMS_EVENTS: readonly KmsEvent[] = Object.freeze(EVENTS.map((event) => Object.freeze(event)));

/** The event for a decimal ID text such as "12293"; undefined otherwise. */
export function lookupKmsEvent(text: string): KmsEvent | undefined {
  const input = text.trim();
  if (!/^\d{1,6}$/.test(input)) return undefined;
  return KMS_EVENTS.find((event) => event.id === Number(input));
}
