/**
 * A tiny stub resolver that asks one given server (never the system resolver), so that what we read
 * back is what that server holds. Used for publish read-back, discovery and probe resolution.
 */
import {randomInt} from 'node:crypto';

import {networkError} from '../errors.js';
import {RRClass, RRType, rcodeName, typeName} from './wire/constants.js';
import {DnsWireError} from './wire/errors.js';
import {type DecodedMessage, type ResourceRecord, decodeMessage, encodeMessage, newHeader} from './wire/message.js';
import {sameName} from './wire/name.js';
import {type DnsServer, formatServer} from './server.js';
import {type ExchangeOptions, type TransportKind, exchange} from './transport.js';

export interface QueryResult {
  name: string;
  type: number;
  rcode: number;
  rcodeName: string;
  authoritative: boolean;
  /** Answer records of the asked type, for the name or the CNAME chain the answer gives for it. */
  records: ResourceRecord[];
  transport: TransportKind;
  ms: number;
}

/** Decode an answer and check it belongs to the request; malformed answers are network errors. */
export function decodeAnswer(server: DnsServer, wire: Buffer, id: number): DecodedMessage {
  let message: DecodedMessage;
  try {
    message = decodeMessage(wire);
  } catch (error) {
    if (error instanceof DnsWireError) throw networkError(`malformed answer from DNS server ${formatServer(server)}: ${error.message}`, {code: 'DNS_BAD_RESPONSE'});
    throw error;
  }
  if (!message.header.qr || message.header.id !== id) {
    throw networkError(`DNS server ${formatServer(server)} sent an answer that does not match the request`, {code: 'DNS_BAD_RESPONSE'});
  }
  return message;
}

/** Follow CNAMEs inside the answer section (bounded by its length, so a CNAME loop ends). */
function answersFor(answers: ResourceRecord[], name: string, type: number): ResourceRecord[] {
  const names = [name];
  for (let i = 0; i < answers.length; i++) {
    const alias = answers.find((rr) => rr.type === RRType.CNAME && rr.data.kind === 'name' && sameName(rr.name, names.at(-1)!));
    if (!alias || alias.data.kind !== 'name' || type === RRType.CNAME) break;
    names.push(alias.data.target);
  }
  return answers.filter((rr) => rr.type === type && names.some((n) => sameName(rr.name, n)));
}

export async function query(server: DnsServer, name: string, type: number, options: ExchangeOptions = {}): Promise<QueryResult> {
  const id = randomInt(0, 0x10000);
  const request = encodeMessage({
    header: newHeader(id, 0, true),
    questions: [{name, type, class: RRClass.IN}],
    answers: [],
    authorities: [],
    additionals: [],
  });
  const answer = await exchange(server, request, options);
  const message = decodeAnswer(server, answer.wire, id);
  const q = message.questions[0];
  if (message.questions.length > 0 && (!sameName(q.name, name) || q.type !== type)) {
    throw networkError(`DNS server ${formatServer(server)} answered a different question (${q.name} ${typeName(q.type)})`, {code: 'DNS_BAD_RESPONSE'});
  }
  return {
    name,
    type,
    rcode: message.header.rcode,
    rcodeName: rcodeName(message.header.rcode),
    authoritative: message.header.aa,
    records: answersFor(message.answers, name, type),
    transport: answer.transport,
    ms: answer.ms,
  };
}

