/**
 * A fleet inventory as CSV with named columns (any order, case-insensitive): one row per machine.
 * Recognized: ComputerName, CMID, MachineGuid, MachineSid, SusClientId, DUID, LastActivation, OS.
 */
import {parseWindowsDate} from '../dates.js';
import {normalizeIdentity} from '../normalize.js';
import {IDENTITY_KINDS, type FleetRecord, type IdentityKind, type ReaderItem} from '../types.js';
import {type HeaderResult, csvTableRows} from './csv-table.js';
import {columnOf} from './header.js';

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
  for await (const item of csvTableRows(chunks, delimiter, inventoryColumns)) {
    yield 'error' in item ? item : inventoryRecord(item.row.fields, item.columns, item.row.line);
  }
}

function inventoryColumns(headers: string[]): HeaderResult<Columns> {
  const columns = mapColumns(headers);
  if (IDENTITY_KINDS.some((kind) => columns[kind] !== undefined)) return {columns};
  return {error: 'inventory has no identity column (ComputerName, CMID, MachineGuid, MachineSid, SusClientId, DUID)'};
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
