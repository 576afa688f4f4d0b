/**
 * Parsers for the KMS values users type: ports, intervals, host names and `host[:port]`.
 * Each throws WinprepError badInput (exit 3) whose message names `what` (a flag, a JSON path) and the allowed range.
 */
import {isIPv4, isIPv6} from 'node:net';

import {badInput} from '../errors.js';
import {INTERVAL_RANGE, PORT_RANGE} from './defaults.js';

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** A whole number from text or number; undefined when it is not one (no signs, no decimals, no hex). */
function wholeNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  const text = value.trim();
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** TCP port 1–65535 (docs/reference/kms.md#registry-values); accepts the REG_SZ text form the registry holds. */
export function parsePort(value: string | number, what: string): number {
  const port = wholeNumber(value);
  if (port === undefined || port < PORT_RANGE.min || port > PORT_RANGE.max) {
    throw badInput(`${what} must be a whole number from ${PORT_RANGE.min} to ${PORT_RANGE.max} (got ${show(value)})`, {
      code: 'BAD_PORT',
    });
  }
  return port;
}

/** Activation/renewal interval in minutes, 15–43200 (docs/reference/kms.md#registry-values). */
export function parseInterval(value: string | number, what: string): number {
  const minutes = wholeNumber(value);
  if (minutes === undefined || minutes < INTERVAL_RANGE.min || minutes > INTERVAL_RANGE.max) {
    throw badInput(
      `${what} must be a whole number of minutes from ${INTERVAL_RANGE.min} to ${INTERVAL_RANGE.max} (got ${show(value)})`,
      {code: 'BAD_INTERVAL'},
    );
  }
  return minutes;
}

const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A host or domain name by RFC 1123: labels of 1–63 letters, digits and inner hyphens, 253 characters
 * at most, one optional trailing dot. An all-numeric last label is refused so IPv4 text never passes as a name.
 */
export function isValidDnsName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length === 0 || bare.length > 253) return false;
  const labels = bare.split('.');
  if (!labels.every((label) => DNS_LABEL.test(label))) return false;
  return !/^\d+$/.test(labels[labels.length - 1]);
}

/** A NetBIOS computer name as Windows setup accepts it for DNS compatibility: 1–15 letters, digits, hyphens, not all digits. */
export function isNetbiosName(name: string): boolean {
  return /^[A-Za-z0-9-]{1,15}$/.test(name) && !/^\d+$/.test(name) && !name.startsWith('-') && !name.endsWith('-');
}

export type KmsHostKind = 'fqdn' | 'netbios' | 'ipv4' | 'ipv6';

export interface KmsHostAddress {
  /** Name or address without brackets or port. */
  host: string;
  port?: number;
  kind: KmsHostKind;
}

/**
 * `name[:port]`, `IPv4[:port]`, `[IPv6][:port]` or a bare IPv6 address (no port) — the forms
 * `slmgr /skms` takes (docs/reference/kms.md#slmgr: an IPv6 literal needs brackets to carry a port).
 */
export function parseKmsHost(text: string, what: string): KmsHostAddress {
  const input = text.trim();
  const fail = (why: string) =>
    badInput(`${what} ${why} (got ${show(text)}); expected name[:port], IPv4[:port] or [IPv6][:port], port ${PORT_RANGE.min}-${PORT_RANGE.max}`, {
      code: 'BAD_KMS_HOST',
    });
  if (input.length === 0) throw fail('is empty');

  if (input.startsWith('[')) {
    const close = input.indexOf(']');
    if (close < 0) throw fail('has an unclosed IPv6 bracket');
    const address = input.slice(1, close);
    if (!isIPv6(address)) throw fail('is not a valid IPv6 address');
    const rest = input.slice(close + 1);
    if (rest === '') return {host: address, kind: 'ipv6'};
    if (!rest.startsWith(':')) throw fail('has text after the IPv6 bracket');
    return {host: address, port: parsePort(rest.slice(1), `${what} port`), kind: 'ipv6'};
  }

  if (input.split(':').length > 2) {
    if (isIPv6(input)) return {host: input, kind: 'ipv6'};
    throw fail('is not a valid IPv6 address (put it in brackets to add a port)');
  }

  const [host, portText] = input.split(':');
  const port = portText === undefined ? undefined : parsePort(portText, `${what} port`);
  const kind = classifyHost(host);
  if (!kind) throw fail('is not a valid host name or address');
  return port === undefined ? {host, kind} : {host, port, kind};
}

function classifyHost(host: string): KmsHostKind | undefined {
  if (isIPv4(host)) return 'ipv4';
  if (/^[\d.]+$/.test(host)) return undefined; // looks numeric but is no IPv4 address: a typo, not a name
  if (!host.includes('.') && isNetbiosName(host)) return 'netbios';
  if (host.includes('.') && isValidDnsName(host)) return 'fqdn';
  return undefined;
}

/** Back to the text form slmgr and the profile use; IPv6 gets brackets only when a port follows. */
export function formatKmsHost(address: KmsHostAddress): string {
  if (address.port === undefined) return address.host;
  const host = address.kind === 'ipv6' ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}
