/** RFC 2136 UPDATE messages for the `_vlmcs._tcp` RRset (add, or replace = delete RRset + add, atomically). */
import {randomInt} from 'node:crypto';

import type {KmsSrvRecord} from '../licensing/srv.js';
import {Opcode, RRClass, RRType} from './wire/constants.js';
import {type Message, type ResourceRecord, newHeader} from './wire/message.js';

export interface SrvUpdate {
  zone: string;
  records: KmsSrvRecord[];
  /** Delete the whole SRV RRset at the owner first (RFC 2136 §2.5.2), in the same message. */
  replace: boolean;
  id?: number;
}

export function buildSrvUpdate(update: SrvUpdate): Message {
  const updates: ResourceRecord[] = [];
  const owners = [...new Set(update.records.map((r) => r.owner))];
  if (update.replace) {
    for (const owner of owners) updates.push({name: owner, type: RRType.SRV, class: RRClass.ANY, ttl: 0, data: {kind: 'raw', bytes: Buffer.alloc(0)}});
  }
  for (const r of update.records) {
    updates.push({
      name: r.owner,
      type: RRType.SRV,
      class: RRClass.IN,
      ttl: r.ttl,
      data: {kind: 'srv', priority: r.priority, weight: r.weight, port: r.port, target: r.target},
    });
  }
  return {
    header: newHeader(update.id ?? randomInt(0, 0x10000), Opcode.UPDATE),
    // RFC 2136 §2.3: the zone section holds one SOA question for the zone.
    questions: [{name: update.zone, type: RRType.SOA, class: RRClass.IN}],
    answers: [],
    authorities: updates,
    additionals: [],
  };
}
