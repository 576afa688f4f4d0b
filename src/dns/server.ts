/** `--server <ip>[:port]`: the DNS server to update or query. IPv6 as `[addr]:port` or a bare address. */
import {isIP} from 'node:net';

import {badInput} from '../errors.js';

export const DNS_PORT = 53;

export interface DnsServer {
  host: string;
  port: number;
}

export function parseServer(text: string): DnsServer {
  const fail = (why: string) => badInput(`--server "${text}": ${why}`, {code: 'DNS_SERVER_INVALID', hint: 'give an IP address, optionally with :port, e.g. 192.0.2.53:53 or [2001:db8::53]:53'});
  let host = text.trim();
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d*))?$/.exec(host);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
  } else if (isIP(host) !== 6) {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      portText = host.slice(colon + 1);
      host = host.slice(0, colon);
    }
  }
  if (isIP(host) === 0) throw fail('not an IP address');
  if (portText === undefined) return {host, port: DNS_PORT};
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) throw fail('port must be 1-65535');
  return {host, port: Number(portText)};
}

export const formatServer = (server: DnsServer): string => (isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`);
