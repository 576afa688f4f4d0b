/**
 * In-place edits below a key node (docs/reference/hive-format.md#write-operations): add and delete keys, set and delete values, keeping
 * the subkey list sorted with right hashes, parent counts, max-length fields, sk refcounts and timestamps.
 */
import {badInput} from '../errors.js';
import {writeFiletime} from './filetime.js';
import {NK, NK_FLAG, nkAt, raiseMax} from './nk.js';
import {encodeName} from './names.js';
import {findValue, keyName, subkeyEntries, valueCells} from './reader.js';
import {addSecurityRef, releaseSecurityRef} from './sk.js';
import {NIL, type HiveStore} from './store.js';
import {insertSubkeyEntry, removeSubkeyEntry, subkeyListCells} from './subkey-lists.js';
import type {RegValue} from './types.js';
import {createVk, freeVkData, setVkType, vkAt, vkDataCells, vkType, writeVkData, vkData} from './vk.js';

export interface WriteContext {
  store: HiveStore;
  now: () => Date;
}

/** Windows' limits: key names 1..255 characters without `\`, value names ≤ 16383 (docs/reference/hive-format.md#key-node, docs/reference/hive-format.md#writer-invariants). */
export function checkKeyName(name: string, file?: string): void {
  if (name.length === 0 || name.length > 255 || name.includes('\\')) {
    throw badInput(`invalid key name ${JSON.stringify(name)}: a key name has 1 to 255 characters and no backslash`, {file, code: 'BAD_KEY_NAME'});
  }
}

function checkValueName(name: string, file?: string): void {
  if (name.length > 16383) throw badInput(`value name of ${name.length} characters is longer than 16383`, {file, code: 'BAD_VALUE_NAME'});
}

function touch(ctx: WriteContext, nkCell: number): void {
  writeFiletime(ctx.store.writable(), nkAt(ctx.store, nkCell) + NK.timestamp, ctx.now());
}

const nameOf = (store: HiveStore) => (cell: number) => keyName(store, cell);

/** Create `name` under `parentCell` (the caller checked it does not exist); returns the new key cell. */
export function addSubkey(ctx: WriteContext, parentCell: number, name: string): number {
  const {store} = ctx;
  checkKeyName(name, store.file);
  const encoded = encodeName(name);
  const parent = nkAt(store, parentCell);
  const security = store.buf.readUInt32LE(parent + NK.security);
  // New keys share the parent's descriptor, as hivex does (docs/reference/hive-format.md#write-operations).
  addSecurityRef(store, security);
  const cell = store.allocate(NK.name + encoded.bytes.length);
  const p = store.payload(cell);
  const buf = store.buf;
  buf.write('nk', p, 'latin1');
  buf.writeUInt16LE(encoded.compressed ? NK_FLAG.compName : 0, p + NK.flags);
  writeFiletime(buf, p + NK.timestamp, ctx.now());
  buf.writeUInt32LE(parentCell, p + NK.parent);
  for (const field of [NK.subkeyList, NK.volatileList, NK.valueList, NK.classCell]) buf.writeUInt32LE(NIL, p + field);
  buf.writeUInt32LE(security, p + NK.security);
  buf.writeUInt16LE(encoded.bytes.length, p + NK.nameLength);
  encoded.bytes.copy(buf, p + NK.name);

  const list = insertSubkeyEntry(store, store.buf.readUInt32LE(parent + NK.subkeyList), cell, name, nameOf(store));
  store.buf.writeUInt32LE(list, parent + NK.subkeyList);
  store.buf.writeUInt32LE(store.buf.readUInt32LE(parent + NK.subkeyCount) + 1, parent + NK.subkeyCount);
  raiseMax(store, parent, NK.maxNameLen, name.length * 2);
  touch(ctx, parentCell);
  return cell;
}

/** Free every cell of one key node (its values, lists, class, sk reference, the node itself). */
function freeKeyCells(store: HiveStore, cell: number): void {
  for (const vk of valueCells(store, cell)) {
    for (const data of vkDataCells(store, vkAt(store, vk))) store.free(data);
    store.free(vk);
  }
  const p = nkAt(store, cell);
  const valueList = store.buf.readUInt32LE(p + NK.valueList);
  if (store.buf.readUInt32LE(p + NK.valueCount) > 0 && valueList !== NIL) store.free(valueList);
  for (const list of subkeyListCells(store, store.buf.readUInt32LE(p + NK.subkeyList))) store.free(list);
  if (store.buf.readUInt16LE(p + NK.classLength) > 0) store.free(store.buf.readUInt32LE(p + NK.classCell));
  releaseSecurityRef(store, store.buf.readUInt32LE(p + NK.security));
  store.free(cell);
}

/** Delete `childCell` and everything below it, then unlink it from `parentCell`'s list. */
export function removeSubkey(ctx: WriteContext, parentCell: number, childCell: number): void {
  const {store} = ctx;
  store.writable();
  // Collect the subtree first (cycle-guarded), then free children before parents.
  const order: number[] = [];
  const seen = new Set<number>();
  const stack = [childCell];
  while (stack.length > 0) {
    const cell = stack.pop()!;
    if (seen.has(cell)) throw store.fault(`key 0x${cell.toString(16)} is its own descendant (a cycle)`);
    seen.add(cell);
    order.push(cell);
    for (const entry of subkeyEntries(store, cell)) stack.push(entry.cell);
  }
  // Unlink first (the list still holds the child's name for hashing), then free the subtree.
  const parent = nkAt(store, parentCell);
  const list = removeSubkeyEntry(store, store.buf.readUInt32LE(parent + NK.subkeyList), childCell, nameOf(store));
  store.buf.writeUInt32LE(list, parent + NK.subkeyList);
  store.buf.writeUInt32LE(Math.max(0, store.buf.readUInt32LE(parent + NK.subkeyCount) - 1), parent + NK.subkeyCount);
  for (let i = order.length - 1; i >= 0; i--) freeKeyCells(store, order[i]);
  touch(ctx, parentCell);
}

/** Create or replace a value; false when type and data were already equal. */
export function setValueAt(ctx: WriteContext, nkCell: number, value: RegValue): boolean {
  const {store} = ctx;
  checkValueName(value.name, store.file);
  const found = findValue(store, nkCell, value.name);
  if (found) {
    const p = vkAt(store, found.cell);
    if (vkType(store, p) === value.type >>> 0 && vkData(store, p).equals(value.data)) return false;
    store.writable();
    freeVkData(store, found.cell);
    writeVkData(store, found.cell, value.data);
    setVkType(store, found.cell, value.type);
  } else {
    store.writable();
    const vk = createVk(store, value.name, value.type, value.data);
    const p = nkAt(store, nkCell);
    const count = store.buf.readUInt32LE(p + NK.valueCount);
    const oldList = count > 0 ? store.buf.readUInt32LE(p + NK.valueList) : NIL;
    let list = oldList;
    if (oldList === NIL || store.payloadLength(oldList) < (count + 1) * 4) {
      // Grow by half again so that a run of inserts does not copy the list each time.
      list = store.allocate(Math.max(count + 1, Math.ceil(count * 1.5)) * 4);
      if (oldList !== NIL) {
        const from = store.payload(oldList);
        store.buf.copy(store.buf, store.payload(list), from, from + count * 4);
        store.free(oldList);
      }
    }
    store.buf.writeUInt32LE(vk, store.payload(list) + count * 4);
    store.buf.writeUInt32LE(list, p + NK.valueList);
    store.buf.writeUInt32LE(count + 1, p + NK.valueCount);
  }
  const p = nkAt(store, nkCell);
  raiseMax(store, p, NK.maxValueNameLen, value.name.length * 2);
  raiseMax(store, p, NK.maxValueDataLen, value.data.length);
  touch(ctx, nkCell);
  return true;
}

export function deleteValueAt(ctx: WriteContext, nkCell: number, name: string): boolean {
  const {store} = ctx;
  const found = findValue(store, nkCell, name);
  if (!found) return false;
  store.writable();
  freeVkData(store, found.cell);
  store.free(found.cell);
  const p = nkAt(store, nkCell);
  const count = store.buf.readUInt32LE(p + NK.valueCount);
  const listCell = store.buf.readUInt32LE(p + NK.valueList);
  if (count <= 1) {
    store.free(listCell);
    store.buf.writeUInt32LE(NIL, p + NK.valueList);
  } else {
    const list = store.payload(listCell);
    // Keep the order of the remaining values (docs/reference/hive-format.md#write-operations).
    store.buf.copy(store.buf, list + found.index * 4, list + (found.index + 1) * 4, list + count * 4);
    store.buf.writeUInt32LE(0, list + (count - 1) * 4);
  }
  store.buf.writeUInt32LE(count - 1, p + NK.valueCount);
  touch(ctx, nkCell);
  return true;
}

