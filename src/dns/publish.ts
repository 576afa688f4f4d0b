/**
 * `dns publish`: send the `_vlmcs._tcp` records to a server as one RFC 2136 UPDATE signed with TSIG,
 * verify the signed answer, then read the RRset back from the same server and compare.
 */
import {badInput, isWinprepError, networkError} from '../errors.js';
import {type KmsSrvRecord, type SrvTarget, sameSrv} from '../licensing/srv.js';
import type {Integer} from '../json-types.js';
import {query} from './query.js';
import {decodeAnswer} from './query.js';
import {type DnsServer, formatServer} from './server.js';
import type {TsigKey} from './tsig/algorithms.js';
import {signRequest, verifyResponse} from './tsig/sign.js';
import {exchange, type TransportKind} from './transport.js';
import {type UpdateContext, updateFailure} from './update-errors.js';
import {buildSrvUpdate} from './update.js';
import {Opcode, RRType, Rcode} from './wire/constants.js';
import {encodeMessage} from './wire/message.js';

export interface PublishOptions {
  server: DnsServer;
  zone: string;
  records: KmsSrvRecord[];
  /** Absent: the update goes out unsigned (most servers refuse it). */
  key?: TsigKey;
  replace?: boolean;
  tcp?: boolean;
  timeoutMs?: number;
  /** Seconds since the epoch to put in Time Signed; tests shift it to provoke BADTIME. */
  timeSigned?: number;
}

export interface ReadBackRecord extends SrvTarget {
  ttl: Integer;
}

export interface PublishResult {
  server: string;
  zone: string;
  owner: string;
  replace: boolean;
  transport: TransportKind;
  /** Key name and algorithm; the secret is never part of a result. */
  tsig?: {keyName: string; algorithm: string; responseVerified: boolean};
  /**
   * Kerberos-signed (GSS-TSIG, RFC 3645) update: who signed it and whether the server's signed answer verified.
   * An unverified answer (Samba before 4.21) is no failure: the read-back decides.
   */
  gssTsig?: {principal: string; credentials: 'ticket-cache' | 'keytab'; responseVerified: boolean};
  published: KmsSrvRecord[];
  readBack: ReadBackRecord[];
  /** Published records the server does not hold. */
  missing: SrvTarget[];
  /** Records the server holds that we did not publish (with --replace, a mismatch). */
  extra: SrvTarget[];
  /** Why the records could not be read back (the update itself succeeded). */
  readBackError?: string;
  /** Every published record is there (and, with --replace, nothing else). */
  verified: boolean;
}

const inZone = (name: string, zone: string): boolean => name.toLowerCase() === zone.toLowerCase() || name.toLowerCase().endsWith(`.${zone.toLowerCase()}`);

export async function publishSrv(options: PublishOptions): Promise<PublishResult> {
  const zone = options.zone.replace(/\.$/, '').toLowerCase();
  const owner = options.records[0]?.owner;
  if (!owner) throw badInput('no records to publish: give at least one --host', {code: 'BAD_SRV_HOST'});
  if (!inZone(owner, zone)) throw badInput(`${owner} is not inside zone ${zone}`, {code: 'BAD_DNS_NAME', hint: '--domain must be the zone or below it'});
  const server = formatServer(options.server);
  const ctx: UpdateContext = {server, zone, owner, keyName: options.key?.name, algorithm: options.key?.algorithm};
  const replace = options.replace ?? false;

  const message = buildSrvUpdate({zone, records: options.records, replace});
  const unsigned = encodeMessage(message);
  const signed = options.key ? signRequest(unsigned, options.key, {timeSigned: options.timeSigned}) : undefined;
  const answer = await exchange(options.server, signed?.wire ?? unsigned, {tcp: options.tcp, timeoutMs: options.timeoutMs});
  const response = decodeAnswer(options.server, answer.wire, message.header.id);
  if (response.header.opcode !== Opcode.UPDATE) throw networkError(`${server} answered the update with another opcode`, {code: 'DNS_BAD_RESPONSE'});

  let responseVerified = false;
  if (options.key && signed) {
    const verdict = verifyResponse(answer.wire, response, options.key, signed.mac);
    switch (verdict.status) {
      case 'unsigned-error':
        throw updateFailure(ctx, response.header.rcode, verdict.error);
      case 'valid':
        if (verdict.error !== 0) {
          const skew = verdict.serverTime === undefined ? undefined : signed.timeSigned - verdict.serverTime;
          throw updateFailure(ctx, response.header.rcode, verdict.error, skew);
        }
        responseVerified = true;
        break;
      case 'missing':
        // Servers answer some failures (FORMERR, NOTIMP) unsigned; a success must be signed to be trusted.
        if (response.header.rcode !== Rcode.NOERROR) throw updateFailure(ctx, response.header.rcode);
        throw networkError(`${server} answered the signed update without a TSIG signature; cannot trust the answer`, {code: 'TSIG_RESPONSE_UNSIGNED'});
      case 'time-skew':
        throw networkError(`${server} signed its answer ${Math.abs(verdict.now - verdict.timeSigned)} s away from our clock (clock skew)`, {
          code: 'TSIG_BADTIME',
          hint: 'synchronise this machine\'s clock (NTP): TSIG allows 300 s of skew',
        });
      case 'bad-mac':
      case 'wrong-key':
        throw networkError(`the TSIG signature of ${server}'s answer does not verify with key "${options.key.name}"; the answer may be forged`, {code: 'TSIG_RESPONSE_INVALID'});
    }
  }
  if (response.header.rcode !== Rcode.NOERROR) throw updateFailure(ctx, response.header.rcode);

  const {readBack, missing, extra, readBackError, verified} = await checkReadBack(options.server, owner, options.records, replace, {tcp: options.tcp, timeoutMs: options.timeoutMs});
  return {
    server,
    zone,
    owner,
    replace,
    transport: answer.transport,
    tsig: options.key ? {keyName: options.key.name, algorithm: options.key.algorithm, responseVerified} : undefined,
    published: options.records,
    readBack,
    missing,
    extra,
    ...(readBackError ? {readBackError} : {}),
    verified,
  };
}

const targetOf = (r: SrvTarget): SrvTarget => ({target: r.target, port: r.port, priority: r.priority, weight: r.weight});

/** What reading the SRV set back after an applied update found, and whether that verifies the publish. */
export interface ReadBackCheck {
  readBack: ReadBackRecord[];
  missing: SrvTarget[];
  extra: SrvTarget[];
  readBackError?: string;
  verified: boolean;
}

/**
 * Read the SRV set back after an update was applied (by winprep's own TSIG update or by nsupdate -g). The update
 * is applied by then: a failed read-back is a failed check (exit 4), not a failed publish.
 */
export async function checkReadBack(server: DnsServer, owner: string, records: readonly SrvTarget[], replace: boolean, options: {tcp?: boolean; timeoutMs?: number}): Promise<ReadBackCheck> {
  let readBack: ReadBackRecord[] = [];
  let readBackError: string | undefined;
  try {
    readBack = await readBackSrv(server, owner, options);
  } catch (error) {
    if (!isWinprepError(error)) throw error;
    readBackError = error.message;
  }
  const missing = records.filter((r) => !readBack.some((b) => sameSrv(b, r))).map(targetOf);
  const extra = readBack.filter((b) => !records.some((r) => sameSrv(b, r))).map(targetOf);
  return {readBack, missing, extra, ...(readBackError ? {readBackError} : {}), verified: readBackError === undefined && missing.length === 0 && (!replace || extra.length === 0)};
}

export async function readBackSrv(server: DnsServer, owner: string, options: {tcp?: boolean; timeoutMs?: number}): Promise<ReadBackRecord[]> {
  const result = await query(server, owner, RRType.SRV, options);
  if (result.rcode !== Rcode.NOERROR && result.rcode !== Rcode.NXDOMAIN) {
    throw networkError(`reading ${owner} back from ${formatServer(server)} failed (${result.rcodeName})`, {code: 'DNS_READBACK_FAILED'});
  }
  return result.records.flatMap((rr) => (rr.data.kind === 'srv' ? [{target: rr.data.target.toLowerCase(), port: rr.data.port, priority: rr.data.priority, weight: rr.data.weight, ttl: rr.ttl}] : []));
}
