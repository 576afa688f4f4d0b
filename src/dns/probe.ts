/**
 * `--probe`: resolve a KMS host through the DNS server under test and open a TCP connection to it.
 * Only a connect and close: never an activation request (no RPC bytes are sent).
 */
import {isIP, Socket} from 'node:net';

import type {Integer} from '../json-types.js';
import {query} from './query.js';
import type {DnsServer} from './server.js';
import {RRType, Rcode} from './wire/constants.js';

export type ConnectStatus = 'open' | 'refused' | 'timeout' | 'unreachable';

export interface ConnectResult {
  address: string;
  port: Integer;
  status: ConnectStatus;
  /** Connect time in ms when open. */
  ms?: number;
  /** errno code when it failed otherwise, e.g. EHOSTUNREACH */
  error?: string;
}

export interface ProbeResult {
  /** 'ok' when at least one address was found; 'nxdomain'/'nodata' when the server has none. */
  resolution: 'ok' | 'ip-literal' | 'nxdomain' | 'nodata' | 'failed';
  addresses: string[];
  connections: ConnectResult[];
  reachable: boolean;
  /** Fastest open connection, ms. */
  latencyMs?: number;
}

/** At most this many addresses per host are tried, so a huge RRset cannot make a probe slow. */
const MAX_ADDRESSES = 4;

export function connect(address: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const started = performance.now();
    const done = (result: ConnectResult): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({address, port, status: 'timeout'}), timeoutMs);
    socket.once('connect', () => done({address, port, status: 'open', ms: Math.round((performance.now() - started) * 10) / 10}));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code === 'ECONNREFUSED' ? {address, port, status: 'refused'} : {address, port, status: 'unreachable', error: error.code ?? error.message}),
    );
    socket.connect({host: address, port});
  });
}

/** Addresses of `name` on `server` (A then AAAA). */
async function resolveAddresses(server: DnsServer, name: string, timeoutMs: number): Promise<{resolution: ProbeResult['resolution']; addresses: string[]}> {
  const [a, aaaa] = await Promise.allSettled([query(server, name, RRType.A, {timeoutMs}), query(server, name, RRType.AAAA, {timeoutMs})]);
  const addresses: string[] = [];
  for (const r of [a, aaaa]) {
    if (r.status !== 'fulfilled') continue;
    for (const rr of r.value.records) if (rr.data.kind === 'a' || rr.data.kind === 'aaaa') addresses.push(rr.data.address);
  }
  if (addresses.length > 0) return {resolution: 'ok', addresses};
  if (a.status === 'fulfilled' && a.value.rcode === Rcode.NXDOMAIN) return {resolution: 'nxdomain', addresses};
  if (a.status === 'fulfilled' && a.value.rcode === Rcode.NOERROR) return {resolution: 'nodata', addresses};
  return {resolution: 'failed', addresses};
}

export async function probeHost(server: DnsServer, host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  const resolved = isIP(host) ? {resolution: 'ip-literal' as const, addresses: [host]} : await resolveAddresses(server, host, timeoutMs);
  const connections = await Promise.all(resolved.addresses.slice(0, MAX_ADDRESSES).map((address) => connect(address, port, timeoutMs)));
  const open = connections.filter((c) => c.status === 'open').map((c) => c.ms ?? 0);
  return {
    ...resolved,
    connections,
    reachable: open.length > 0,
    ...(open.length > 0 ? {latencyMs: Math.min(...open)} : {}),
  };
}
