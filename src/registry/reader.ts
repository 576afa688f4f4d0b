/** Lazy reads below one key: subkeys, values and class name, each reading only the cells it needs. */
import type {RegValue} from './types.js';
import {NK, nkAt, nkName} from './nk.js';
import {nameHash, namesEqual} from './names.js';
import {NIL, type HiveStore} from './store.js';
import {findInList, readSubkeyList, type ListEntry} from './subkey-lists.js';
import {vkAt, vkData, vkName, vkType} from './vk.js';

export function subkeyEntries(store: HiveStore, nkCell: number): ListEntry[] {
  const p = nkAt(store, nkCell);
  const count = store.buf.readUInt32LE(p + NK.subkeyCount);
  const list = store.buf.readUInt32LE(p + NK.subkeyList);
  if (count === 0 && list === NIL) return [];
  return readSubkeyList(store, list);
}

/** The child key cell named `name` (case-insensitive), comparing `lh` hashes first as Windows does. */
export function findSubkey(store: HiveStore, nkCell: number, name: string): number | undefined {
  const p = nkAt(store, nkCell);
  if (store.buf.readUInt32LE(p + NK.subkeyCount) === 0 && store.buf.readUInt32LE(p + NK.subkeyList) === NIL) return undefined;
  const hash = nameHash(name);
  return findInList(store, store.buf.readUInt32LE(p + NK.subkeyList), (cell, tag, kind) => (kind !== 'lh' || tag === hash) && namesEqual(nkName(store, nkAt(store, cell)), name));
}

export function valueCells(store: HiveStore, nkCell: number): number[] {
  const p = nkAt(store, nkCell);
  const count = store.buf.readUInt32LE(p + NK.valueCount);
  if (count === 0) return [];
  const listCell = store.buf.readUInt32LE(p + NK.valueList);
  const list = store.payload(listCell, count * 4, 'value list');
  const cells = new Array<number>(count);
  for (let i = 0; i < count; i++) cells[i] = store.buf.readUInt32LE(list + i * 4);
  return cells;
}

export function readValue(store: HiveStore, vkCell: number): RegValue {
  const p = vkAt(store, vkCell);
  return {name: vkName(store, p), type: vkType(store, p), data: vkData(store, p)};
}

/** Index in the value list and cell of the value named `name` (linear first match, as Windows). */
export function findValue(store: HiveStore, nkCell: number, name: string): {index: number; cell: number} | undefined {
  const cells = valueCells(store, nkCell);
  for (let i = 0; i < cells.length; i++) {
    if (namesEqual(vkName(store, vkAt(store, cells[i])), name)) return {index: i, cell: cells[i]};
  }
  return undefined;
}

export function readClassName(store: HiveStore, nkCell: number): string | undefined {
  const p = nkAt(store, nkCell);
  const length = store.buf.readUInt16LE(p + NK.classLength);
  if (length === 0) return undefined;
  const data = store.payload(store.buf.readUInt32LE(p + NK.classCell), length, 'class name');
  return store.buf.toString('utf16le', data, data + (length & ~1));
}

export const keyName = (store: HiveStore, nkCell: number): string => nkName(store, nkAt(store, nkCell));
