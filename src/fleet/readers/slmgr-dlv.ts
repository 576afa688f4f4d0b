/**
 * `cscript slmgr.vbs /dlv` output saved as text (English labels), one or more machines per file: each
 * machine's output starts at "Software licensing service version:" (or a "Machine name:" line some
 * collection scripts add). Fields read: CMID, machine name, license status, product name, expiration,
 * KMS machine name, remaining rearm count.
 */
import {normalizeIdentity} from '../normalize.js';
import {numberedLines} from '../text-stream.js';
import type {FleetRecord, ReaderItem} from '../types.js';

/** License states after the 180-day validity ran out without renewal (docs/reference/kms.md#thresholds; status codes 3, 5 in docs/reference/activation-errors.md#license-status). */
const EXPIRED_STATUS = /notification|out-of-tolerance|oot grace|unlicensed/i;

interface Section {
  record: FleetRecord;
  status?: string;
  sawName: boolean;
  sawOther: boolean;
}

export async function* readSlmgrDlv(chunks: AsyncIterable<string>): AsyncGenerator<ReaderItem> {
  let section: Section | undefined;
  for await (const {line, text} of numberedLines(chunks)) {
    const colon = text.indexOf(':');
    if (colon === -1) continue;
    const label = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    const isName = label === 'machine name' || label === 'computer name';
    // A machine starts at its version line, or at a name line a collection script wrote above it.
    const startsMachine = isName ? Boolean(section && (section.sawName || section.sawOther)) : label === 'software licensing service version' && Boolean(section?.sawOther);
    if (startsMachine && section) {
      const item = finish(section);
      if (item) yield item;
      section = undefined;
    }
    section ??= {record: {line, identities: {}}, sawName: false, sawOther: false};
    if (!isName) section.sawOther = true;
    const record = section.record;
    switch (label) {
      case 'machine name':
      case 'computer name': {
        const name = normalizeIdentity('computerName', value);
        if (name && 'invalid' in name) yield {error: {line, message: name.invalid}};
        else if (name) {
          record.identities.computerName = name.value;
          record.machine = value;
          section.sawName = true;
        }
        break;
      }
      case 'client machine id (cmid)': {
        if (record.identities.cmid) break;
        const cmid = normalizeIdentity('cmid', value);
        if (cmid && 'invalid' in cmid) yield {error: {line, message: cmid.invalid}};
        else if (cmid) record.identities.cmid = cmid.value;
        break;
      }
      case 'name':
        if (record.osKind === undefined && /windows/i.test(value)) record.osKind = /server/i.test(value) ? 'server' : 'client';
        break;
      case 'kms machine name from dns':
      case 'registered kms machine name':
      case 'kms machine name':
        // "KMS name not available" and the like are not host names.
        if (/^[a-z0-9.-]+(:\d+)?$/i.test(value)) record.kmsHost ??= value.toLowerCase();
        break;
      case 'remaining windows rearm count': {
        const count = Number(value);
        if (Number.isInteger(count) && count >= 0) record.rearmsLeft = count;
        break;
      }
      case 'license status':
        section.status ??= value;
        break;
      case 'volume activation expiration': {
        const minutes = /(-?\d+)\s*minute/i.exec(value);
        if (minutes && Number(minutes[1]) <= 0) section.status ??= 'expired';
        break;
      }
    }
  }
  const last = section && finish(section);
  if (last) yield last;
}

/** The machine's record; undefined when the section held nothing about a machine. */
function finish(section: Section): ReaderItem | undefined {
  if (!section.status && Object.keys(section.record.identities).length === 0) return undefined;
  if (section.status && EXPIRED_STATUS.test(section.status)) section.record.activationExpired = section.status;
  return {record: section.record};
}
