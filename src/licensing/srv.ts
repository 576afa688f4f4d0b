/**
 * The KMS SRV model: `_vlmcs._tcp.<domain>` records with priority, weight, port (1688 by default) and
 * target (docs/reference/dns.md#srv-record, docs/reference/dns.md#srv-selection). Host specs are typed as `<fqdn>[:port][,priority,weight]`.
 */
import {badInput} from '../errors.js';
import type {Integer} from '../json-types.js';
import {KMS_DEFAULT_PORT, SRV_DEFAULT_TTL} from './defaults.js';
import {isValidDnsName, parsePort} from './validate.js';

/** Service and protocol labels of the KMS SRV record (docs/reference/dns.md#srv-record). */
export const VLMCS_SERVICE = '_vlmcs._tcp';
export {KMS_DEFAULT_PORT, SRV_DEFAULT_TTL};
/** RFC 2181 §8: TTLs are 31-bit. */
export const MAX_TTL = 2_147_483_647;

/** One KMS host as an SRV target. Names are kept without the trailing dot. */
export interface SrvTarget {
  target: string;
  port: Integer;
  /** Lower is tried first (RFC 2782); Windows hosts publish 0 unless configured (docs/reference/dns.md#srv-record). */
  priority: Integer;
  /** Relative share within one priority (RFC 2782); 0 by default. */
  weight: Integer;
}

export interface KmsSrvRecord extends SrvTarget {
  /** `_vlmcs._tcp.<domain>`, without the trailing dot. */
  owner: string;
  ttl: Integer;
}

const stripDot = (name: string): string => (name.endsWith('.') ? name.slice(0, -1) : name);

/** Check and normalise a domain name given by the user (`what` names the flag). */
export function parseDomain(text: string, what: string): string {
  const name = text.trim();
  if (!isValidDnsName(name)) {
    throw badInput(`${what} "${text}" is not a valid DNS domain name`, {code: 'BAD_DNS_NAME', hint: 'letters, digits and hyphens in dot-separated labels, e.g. corp.example'});
  }
  return stripDot(name).toLowerCase();
}

export const srvOwner = (domain: string): string => `${VLMCS_SERVICE}.${stripDot(domain).toLowerCase()}`;

function sixteenBit(text: string, what: string, spec: string): number {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) {
    throw badInput(`${what} in --host "${spec}" must be a whole number from 0 to 65535`, {code: 'BAD_SRV_HOST'});
  }
  return Number(text);
}

/** Parse `<fqdn>[:port][,priority,weight]`, e.g. `kms2.corp.example:1700,10,50`. */
export function parseSrvHost(spec: string): SrvTarget {
  const text = spec.trim();
  const [address, ...rest] = text.split(',');
  if (rest.length !== 0 && rest.length !== 2) {
    throw badInput(`--host "${spec}": give both priority and weight, as <fqdn>[:port][,priority,weight]`, {code: 'BAD_SRV_HOST'});
  }
  const colon = address.indexOf(':');
  const name = colon < 0 ? address : address.slice(0, colon);
  if (!isValidDnsName(name) || !stripDot(name).includes('.')) {
    throw badInput(`--host "${spec}": "${name}" is not a fully qualified host name`, {
      code: 'BAD_SRV_HOST',
      hint: 'SRV targets must be host names (FQDN), not IP addresses or NetBIOS names (RFC 2782)',
    });
  }
  const port = colon < 0 ? KMS_DEFAULT_PORT : parsePort(address.slice(colon + 1), `port in --host "${spec}"`);
  const [priority, weight] = rest.length === 2 ? [sixteenBit(rest[0], 'priority', spec), sixteenBit(rest[1], 'weight', spec)] : [0, 0];
  return {target: stripDot(name).toLowerCase(), port, priority, weight};
}

export function parseTtl(value: string | number): number {
  const text = String(value).trim();
  if (!/^\d{1,10}$/.test(text) || Number(text) > MAX_TTL) {
    throw badInput(`--ttl must be a whole number of seconds from 0 to ${MAX_TTL} (got ${JSON.stringify(String(value))})`, {code: 'BAD_TTL'});
  }
  return Number(text);
}

/** The records for one domain; duplicate targets (same name and port) are refused. */
export function buildSrvRecords(domain: string, targets: SrvTarget[], ttl: number = SRV_DEFAULT_TTL): KmsSrvRecord[] {
  const owner = srvOwner(domain);
  const seen = new Set<string>();
  for (const t of targets) {
    const id = `${t.target}:${t.port}`;
    if (seen.has(id)) throw badInput(`--host ${id} is given twice`, {code: 'BAD_SRV_HOST'});
    seen.add(id);
  }
  return targets.map((t) => ({owner, ttl, ...t}));
}

/** Same SRV data (names compared case-insensitively, RFC 4343). TTL is not part of RR identity. */
export const sameSrv = (a: SrvTarget, b: SrvTarget): boolean =>
  a.priority === b.priority && a.weight === b.weight && a.port === b.port && stripDot(a.target).toLowerCase() === stripDot(b.target).toLowerCase();
