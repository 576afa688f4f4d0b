import assert from 'node:assert/strict';
import {type RemoteInfo, type Socket as UdpSocket, createSocket} from 'node:dgram';
import {type Server, createServer} from 'node:net';

import {publishSrv} from '../../src/dns/publish.js';
import {query} from '../../src/dns/query.js';
import {parseServer} from '../../src/dns/server.js';
import {exchange} from '../../src/dns/transport.js';
import {signMessage} from '../../src/dns/tsig/sign.js';
import type {TsigKey} from '../../src/dns/tsig/algorithms.js';
import {RRClass, RRType} from '../../src/dns/wire/constants.js';
import {decodeMessage, encodeMessage} from '../../src/dns/wire/message.js';
import {isWinprepError} from '../../src/errors.js';
import {buildSrvRecords, parseSrvHost} from '../../src/licensing/srv.js';

type Answer = (request: Buffer) => Buffer[];

/** An in-process UDP "server" whose answers the test scripts (a fake: it only shapes replies). */
async function fakeUdp(answer: Answer): Promise<{socket: UdpSocket; port: number}> {
  const socket = createSocket('udp4');
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    for (const reply of answer(msg)) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return {socket, port: socket.address().port};
}

/** A reply to `request` with the given flags and one SRV answer. */
function reply(request: Buffer, patch: {id?: number; tc?: boolean; rcode?: number; question?: string} = {}): Buffer {
  const q = decodeMessage(request);
  return encodeMessage({
    header: {...q.header, id: patch.id ?? q.header.id, qr: true, tc: patch.tc ?? false, rcode: patch.rcode ?? 0},
    questions: patch.question ? [{name: patch.question, type: RRType.SRV, class: RRClass.IN}] : q.questions,
    answers: q.questions.map((question) => ({name: question.name, type: RRType.SRV, class: RRClass.IN, ttl: 60, data: {kind: 'srv', priority: 0, weight: 0, port: 1688, target: 'kms.corp.example'}})),
    authorities: [],
    additionals: [],
  });
}

const networkCode = (code: string) => (e: unknown) => isWinprepError(e) && e.exitCode === 7 && e.code === code && !e.message.includes('\n');

describe('dns transport and answer checks', () => {
  const servers: UdpSocket[] = [];
  const tcpServers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
    for (const s of tcpServers) s.close();
  });
  const udp = async (answer: Answer) => {
    const f = await fakeUdp(answer);
    servers.push(f.socket);
    return {host: '127.0.0.1', port: f.port};
  };

  it('ignores an answer with another ID and takes the matching one', async () => {
    const server = await udp((req) => [reply(req, {id: (req.readUInt16BE(0) + 1) & 0xffff}), reply(req)]);
    const result = await query(server, '_vlmcs._tcp.corp.example', RRType.SRV, {timeoutMs: 2000});
    assert.equal(result.records.length, 1);
  });

  it('garbage, truncated and mismatched answers are DNS_BAD_RESPONSE', async () => {
    const garbage = await udp((req) => [Buffer.concat([req.subarray(0, 2), Buffer.from([0x80, 0, 0, 1, 0, 5, 0, 0, 0, 0, 0xc0])])]);
    await assert.rejects(query(garbage, 'a.example', RRType.SRV, {timeoutMs: 2000}), networkCode('DNS_BAD_RESPONSE'));
    const cut = await udp((req) => [reply(req).subarray(0, reply(req).length - 3)]);
    await assert.rejects(query(cut, 'a.example', RRType.SRV, {timeoutMs: 2000}), networkCode('DNS_BAD_RESPONSE'));
    const other = await udp((req) => [reply(req, {question: 'other.example'})]);
    await assert.rejects(query(other, 'abc.example', RRType.SRV, {timeoutMs: 2000}), networkCode('DNS_BAD_RESPONSE'));
  });

  it('talks to an IPv6 server given as [addr]:port', async function () {
    const socket = createSocket('udp6');
    const bound = await new Promise<boolean>((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(0, '::1', () => resolve(true));
    });
    if (!bound) this.skip(); // no IPv6 loopback on this machine
    servers.push(socket);
    socket.on('message', (msg: Buffer, from: RemoteInfo) => socket.send(reply(msg), from.port, from.address));
    const result = await query(parseServer(`[::1]:${socket.address().port}`), 'a.example', RRType.SRV, {timeoutMs: 2000});
    assert.equal(result.records.length, 1);
  });

  it('a truncated (TC) UDP answer is retried over TCP', async () => {
    const server = await udp((req) => [reply(req, {tc: true})]);
    let tcpQueries = 0;
    const tcp = createServer((socket) => {
      socket.on('data', (chunk: Buffer) => {
        tcpQueries++;
        const answer = reply(chunk.subarray(2));
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(answer.length);
        socket.end(Buffer.concat([prefix, answer]));
      });
    });
    tcpServers.push(tcp);
    await new Promise<void>((r) => tcp.listen(server.port, '127.0.0.1', () => r()));
    const result = await query(server, 'a.example', RRType.SRV, {timeoutMs: 2000});
    assert.equal(result.transport, 'tcp');
    assert.equal(tcpQueries, 1);
  });

  it('a TCP server that closes without answering is a network error', async () => {
    const tcp = createServer((socket) => socket.end());
    tcpServers.push(tcp);
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
    const port = (tcp.address() as {port: number}).port;
    await assert.rejects(exchange({host: '127.0.0.1', port}, Buffer.alloc(12), {tcp: true, timeoutMs: 2000}), networkCode('DNS_BAD_RESPONSE'));
  });

  it('a read-back the server refuses leaves a successful publish unverified instead of failing it', async () => {
    const key: TsigKey = {name: 'ddns-key', algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 2)};
    const records = buildSrvRecords('corp.example', [parseSrvHost('kms1.corp.example')]);
    const server = await udp((req) => {
      const request = decodeMessage(req);
      if (request.header.opcode !== 5) return [reply(req, {rcode: 5})];
      const tsig = request.additionals.at(-1)!.data;
      assert.equal(tsig.kind, 'tsig');
      const body = encodeMessage({header: {...request.header, qr: true}, questions: request.questions, answers: [], authorities: [], additionals: []});
      return [signMessage(body, key, {requestMac: tsig.kind === 'tsig' ? tsig.mac : Buffer.alloc(0)}).wire];
    });
    const result = await publishSrv({server, zone: 'corp.example', records, key, timeoutMs: 2000});
    assert.equal(result.tsig?.responseVerified, true);
    assert.equal(result.verified, false);
    assert.match(result.readBackError ?? '', /REFUSED/);
  });

  it('an unsigned NOERROR answer to a signed update is not trusted; a forged MAC is refused', async () => {
    const key: TsigKey = {name: 'ddns-key', algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 1)};
    const records = buildSrvRecords('corp.example', [parseSrvHost('kms1.corp.example')]);
    const unsigned = await udp((req) => [reply(req)]);
    await assert.rejects(publishSrv({server: unsigned, zone: 'corp.example', records, key, timeoutMs: 2000}), networkCode('TSIG_RESPONSE_UNSIGNED'));
    // Echo the request's own TSIG back: right key name, but the MAC is over the request, not a response.
    const echoed = await udp((req) => {
      const r = Buffer.from(req);
      r[2] |= 0x80;
      return [r];
    });
    await assert.rejects(publishSrv({server: echoed, zone: 'corp.example', records, key, timeoutMs: 2000}), networkCode('TSIG_RESPONSE_INVALID'));
  });
});
