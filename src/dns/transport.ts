/**
 * Send one DNS message and wait for its answer: UDP (RFC 1035 §4.2.1) or TCP with the 2-byte length
 * prefix (§4.2.2), each bounded by a timeout. UDP answers that do not match the request's ID, or come
 * from elsewhere, are ignored; a truncated (TC) UDP answer is retried over TCP. Failures are one-line
 * network errors (exit 7) naming the server.
 */
import {createSocket} from 'node:dgram';
import {isIP, Socket} from 'node:net';

import {networkError} from '../errors.js';
import {type DnsServer, formatServer} from './server.js';

/** RFC 1035 §2.3.4: larger messages go over TCP. */
export const UDP_LIMIT = 512;
export const DEFAULT_TIMEOUT_MS = 3000;

export type TransportKind = 'udp' | 'tcp';

export interface ExchangeOptions {
  tcp?: boolean;
  timeoutMs?: number;
}

export interface Exchange {
  wire: Buffer;
  transport: TransportKind;
  ms: number;
}

function failure(server: DnsServer, transport: TransportKind, error: NodeJS.ErrnoException | 'timeout', timeoutMs: number) {
  const where = `${formatServer(server)} (${transport})`;
  if (error === 'timeout') {
    return networkError(`no answer from DNS server ${where} within ${timeoutMs} ms (timeout)`, {code: 'DNS_TIMEOUT', hint: 'check the address, port and firewall, or raise --timeout'});
  }
  if (error.code === 'ECONNREFUSED') {
    return networkError(`DNS server ${where} refused the connection (nothing listens on that port)`, {code: 'DNS_CONNECTION_REFUSED', hint: 'check the address and port of the DNS server'});
  }
  return networkError(`cannot reach DNS server ${where}: ${error.code ?? error.message}`, {code: 'DNS_UNREACHABLE'});
}

function exchangeUdp(server: DnsServer, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(server.host) === 6 ? 'udp6' : 'udp4');
    const id = request.readUInt16BE(0);
    const finish = (error?: Error, wire?: Buffer): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.close();
      if (error) reject(error);
      else resolve(wire!);
    };
    const timer = setTimeout(() => finish(failure(server, 'udp', 'timeout', timeoutMs)), timeoutMs);
    socket.on('error', (error) => finish(failure(server, 'udp', error, timeoutMs)));
    socket.on('message', (wire, from) => {
      // Ignore stray or spoofed datagrams: wrong sender, too short or another ID (RFC 5452 §9.1).
      if (from.port !== server.port || wire.length < 12 || wire.readUInt16BE(0) !== id) return;
      finish(undefined, wire);
    });
    // A connected socket turns ICMP port-unreachable into ECONNREFUSED instead of a silent timeout.
    socket.connect(server.port, server.host, () => {
      socket.send(request, (error) => {
        if (error) finish(failure(server, 'udp', error, timeoutMs));
      });
    });
  });
}

function exchangeTcp(server: DnsServer, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    const finish = (error?: Error, wire?: Buffer): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      if (error) reject(error);
      else resolve(wire!);
    };
    const timer = setTimeout(() => finish(failure(server, 'tcp', 'timeout', timeoutMs)), timeoutMs);
    socket.on('error', (error) => finish(failure(server, 'tcp', error, timeoutMs)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length >= 2 + length) finish(undefined, received.subarray(2, 2 + length));
    });
    socket.on('end', () => finish(networkError(`DNS server ${formatServer(server)} (tcp) closed the connection before answering`, {code: 'DNS_BAD_RESPONSE'})));
    socket.connect(server.port, server.host, () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(request.length);
      socket.write(Buffer.concat([prefix, request]));
    });
  });
}

export async function exchange(server: DnsServer, request: Buffer, options: ExchangeOptions = {}): Promise<Exchange> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  if (!options.tcp && request.length <= UDP_LIMIT) {
    const wire = await exchangeUdp(server, request, timeoutMs);
    const truncated = wire.length >= 4 && (wire.readUInt16BE(2) & 0x0200) !== 0;
    if (!truncated) return {wire, transport: 'udp', ms: performance.now() - started};
  }
  const wire = await exchangeTcp(server, request, timeoutMs);
  return {wire, transport: 'tcp', ms: performance.now() - started};
}
