/**
 * A fleet inventory as CSV with named columns (any order, case-insensitive): one row per machine.
 * Recognized: ComputerName, CMID, MachineGuid, MachineSid, SusClientId, DUID, LastActivation, OS.
 */
import {parseCsv} from '../csv.js';
import {parseWindowsDate} from '../dates.js';
import {normalizeIdentity} from '../normalize.js';
import {IDENTITY_KINDS, type FleetRecord, type IdentityKind, type ReaderItem} from '../types.js';
import {columnOf, isTypeLine} from './header.js';

/** Header aliases per identity (header keys: lower case, no spaces/underscores/hyphens). */
export const INVENTORY_COLUMNS: Record<IdentityKind | 'lastActivation' | 'os', readonly string[]> = {
  computerName: ['computername', 'name', 'hostname', 'machinename', 'dnshostname', 'computer', 'fqdn'],
  cmid: ['cmid', 'clientmachineid'],
  machineGuid: ['machineguid'],
  machineSid: ['machinesid', 'sid', 'computersid', 'localsid'],
  susClientId: ['susclientid', 'wsusid', 'wsusclientid'],
  dhcpv6Duid: ['duid', 'dhcpv6duid'],
  lastActivation: ['lastactivation', 'lastactivationtime', 'activationtime', 'lastactivated'],
  os: ['os', 'operatingsystem', 'osname', 'caption', 'producttype'],
};

type Columns = Partial<Record<keyof typeof INVENTORY_COLUMNS, number>>;

export async function* readInventoryCsv(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<ReaderItem> {
  let headers: string[] | undefined;
  let columns: Columns = {};
  for await (const row of parseCsv(chunks, {delimiter})) {
    if (!headers) {
      if (isTypeLine(row)) continue;
      headers = row.fields;
      columns = mapColumns(headers);
      if (!IDENTITY_KINDS.some((kind) => columns[kind] !== undefined)) {
        yield {error: {line: row.line, message: 'inventory has no identity column (ComputerName, CMID, MachineGuid, MachineSid, SusClientId, DUID)'}};
        return;
      }
      continue;
    }
    if (row.error) {
      yield {error: {line: row.line, message: row.error}};
      continue;
    }
    if (row.fields.length !== headers.length) {
      yield {error: {line: row.line, message: `expected ${headers.length} fields, found ${row.fields.length}`}};
      continue;
    }
    yield inventoryRecord(row.fields, columns, row.line);
  }
}

function mapColumns(headers: string[]): Columns {
  const columns: Columns = {};
  for (const [name, aliases] of Object.entries(INVENTORY_COLUMNS) as [keyof Columns, readonly string[]][]) {
    const at = columnOf(headers, aliases);
    if (at !== -1) columns[name] = at;
  }
  return columns;
}

function inventoryRecord(fields: string[], columns: Columns, line: number): ReaderItem {
  const record: FleetRecord = {line, identities: {}};
  for (const kind of IDENTITY_KINDS) {
    const at = columns[kind];
    if (at === undefined) continue;
    const normalized = normalizeIdentity(kind, fields[at]);
    if (!normalized) continue;
    if ('invalid' in normalized) return {error: {line, message: normalized.invalid}};
    record.identities[kind] = normalized.value;
  }
  if (columns.computerName !== undefined && fields[columns.computerName].trim()) record.machine = fields[columns.computerName].trim();
  if (columns.lastActivation !== undefined && fields[columns.lastActivation].trim()) {
    const parsed = parseWindowsDate(fields[columns.lastActivation]);
    if ('invalid' in parsed) return {error: {line, message: `LastActivation ${parsed.invalid}`}};
    record.activatedAt = parsed.ms;
  }
  if (columns.os !== undefined && fields[columns.os].trim()) {
    record.osKind = /server|lanmannt/i.test(fields[columns.os]) ? 'server' : 'client';
  }
  return {record};
}
