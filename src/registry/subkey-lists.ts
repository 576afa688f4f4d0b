/**
 * Subkey lists (docs/reference/hive-format.md#subkey-lists): reading `li`/`lf`/`lh` leaves and `ri` roots with cycle and depth guards,
 * and writing them sorted with correct hashes/hints, `lh` for minor ≥ 5 and `lf` below, ≤ 507 entries per
 * leaf under an `ri` beyond that.
 */
import {compareNames, lfHint, nameHash} from './names.js';
import {NIL, type HiveStore} from './store.js';

export type LeafKind = 'li' | 'lf' | 'lh';

export interface ListEntry {
  cell: number;
  /** The hash or hint stored with the entry, and which leaf kind it came from. */
  tag?: number;
  kind?: LeafKind;
}

/** Entries per leaf that fit one 4 KiB bin, as Windows splits them (docs/reference/hive-format.md#subkey-lists). */
export const MAX_LEAF_ENTRIES = 507;
/** hivex caps `ri` nesting at 32 after CVE-2021-3622 (docs/reference/hive-format.md#reader-robustness). */
const MAX_INDEX_DEPTH = 32;

const signature = (store: HiveStore, p: number): string => store.buf.toString('latin1', p, p + 2);

/** The entries of a subkey list in stored order (one walk, with findInList's cycle and depth guards). */
export function readSubkeyList(store: HiveStore, listCell: number): ListEntry[] {
  const out: ListEntry[] = [];
  findInList(store, listCell, (cell, tag, kind) => {
    // `li` leaves store no hash or hint.
    out.push(kind === 'li' ? {cell, kind} : {cell, tag, kind});
    return false;
  });
  return out;
}

/**
 * Visit entries in stored order without building arrays (lookups on hot paths); `visit` returns true to
 * stop. Same guards as readSubkeyList. Returns the entry cell that stopped the walk.
 */
export function findInList(store: HiveStore, listCell: number, visit: (cell: number, tag: number, kind: LeafKind) => boolean): number | undefined {
  if (listCell === NIL) return undefined;
  let found: number | undefined;
  const seen = new Set<number>();
  const walk = (cell: number, depth: number): boolean => {
    if (seen.has(cell)) throw store.fault(`subkey list 0x${cell.toString(16)} is referenced twice (a cycle)`);
    if (depth > MAX_INDEX_DEPTH) throw store.fault(`subkey index nested deeper than ${MAX_INDEX_DEPTH} levels at 0x${cell.toString(16)}`);
    seen.add(cell);
    const p = store.payload(cell, 4, 'subkey list');
    const sig = signature(store, p);
    const count = store.buf.readUInt16LE(p + 2);
    const width = sig === 'lf' || sig === 'lh' ? 8 : 4;
    if (sig !== 'ri' && sig !== 'li' && sig !== 'lf' && sig !== 'lh') throw store.fault(`cell 0x${cell.toString(16)} should be a subkey list but has signature ${JSON.stringify(sig)}`);
    store.payload(cell, 4 + count * width, 'subkey list');
    for (let i = 0; i < count; i++) {
      const target = store.buf.readUInt32LE(p + 4 + i * width);
      if (sig === 'ri') {
        if (walk(target, depth + 1)) return true;
      } else if (visit(target, width === 8 ? store.buf.readUInt32LE(p + 8 + i * width) : 0, sig as LeafKind)) {
        found = target;
        return true;
      }
    }
    return false;
  };
  walk(listCell, 0);
  return found;
}

/** The cells making up a list (the `ri` and its leaves), for freeing and checking. */
export function subkeyListCells(store: HiveStore, listCell: number): number[] {
  if (listCell === NIL) return [];
  const cells: number[] = [];
  const seen = new Set<number>();
  const walk = (cell: number, depth: number): void => {
    if (seen.has(cell) || depth > MAX_INDEX_DEPTH) throw store.fault(`subkey list 0x${cell.toString(16)} is referenced twice or nested too deep`);
    seen.add(cell);
    cells.push(cell);
    const p = store.payload(cell, 4, 'subkey list');
    if (signature(store, p) !== 'ri') return;
    const count = store.buf.readUInt16LE(p + 2);
    store.payload(cell, 4 + count * 4, 'subkey list');
    for (let i = 0; i < count; i++) walk(store.buf.readUInt32LE(p + 4 + i * 4), depth + 1);
  };
  walk(listCell, 0);
  return cells;
}

export const leafKindFor = (minor: number): LeafKind => (minor >= 5 ? 'lh' : 'lf');

function tagFor(kind: LeafKind, entry: ListEntry, nameOf: (cell: number) => string): number {
  if (entry.kind === kind && entry.tag !== undefined) return entry.tag;
  return kind === 'lh' ? nameHash(nameOf(entry.cell)) : lfHint(nameOf(entry.cell));
}

function writeLeaf(store: HiveStore, cell: number, kind: LeafKind, entries: ListEntry[], nameOf: (cell: number) => string): void {
  const p = store.payload(cell, 4 + entries.length * 8);
  const buf = store.writable();
  buf.write(kind, p, 'latin1');
  buf.writeUInt16LE(entries.length, p + 2);
  entries.forEach((entry, i) => {
    buf.writeUInt32LE(entry.cell, p + 4 + i * 8);
    buf.writeUInt32LE(tagFor(kind, entry, nameOf), p + 8 + i * 8);
  });
}

/**
 * Store `entries` (already in collation order) as the list replacing `oldList`; returns the new list cell
 * (NIL when empty). A single leaf of the right kind with room is rewritten in place.
 */
export function writeSubkeyList(store: HiveStore, oldList: number, entries: ListEntry[], nameOf: (cell: number) => string): number {
  const kind = leafKindFor(store.minor);
  if (entries.length <= MAX_LEAF_ENTRIES && oldList !== NIL && entries.length > 0) {
    const p = store.payload(oldList, 4);
    if (signature(store, p) === kind && store.payloadLength(oldList) >= 4 + entries.length * 8) {
      writeLeaf(store, oldList, kind, entries, nameOf);
      return oldList;
    }
  }
  // Compute tags before freeing: freeing zeroes the old leaves' stored tags.
  const tagged = entries.map((entry) => ({cell: entry.cell, tag: tagFor(kind, entry, nameOf), kind}));
  for (const cell of subkeyListCells(store, oldList)) store.free(cell);
  if (tagged.length === 0) return NIL;
  if (tagged.length <= MAX_LEAF_ENTRIES) {
    // Room to grow by half again, so repeated inserts do not reallocate the leaf each time: a choice, not
    // a format rule — any leaf that holds its entries is valid (docs/reference/hive-format.md#write-operations).
    const capacity = Math.min(MAX_LEAF_ENTRIES, Math.max(tagged.length, Math.ceil(tagged.length * 1.5)));
    const cell = store.allocate(4 + capacity * 8);
    writeLeaf(store, cell, kind, tagged, nameOf);
    return cell;
  }
  const leaves: number[] = [];
  for (let i = 0; i < tagged.length; i += MAX_LEAF_ENTRIES) {
    const chunk = tagged.slice(i, i + MAX_LEAF_ENTRIES);
    const cell = store.allocate(4 + chunk.length * 8);
    writeLeaf(store, cell, kind, chunk, nameOf);
    leaves.push(cell);
  }
  const root = store.allocate(4 + leaves.length * 4);
  const p = store.payload(root);
  store.buf.write('ri', p, 'latin1');
  store.buf.writeUInt16LE(leaves.length, p + 2);
  leaves.forEach((leaf, i) => store.buf.writeUInt32LE(leaf, p + 4 + i * 4));
  return root;
}

const isIndexRoot = (store: HiveStore, listCell: number): boolean => listCell !== NIL && signature(store, store.payload(listCell, 4, 'subkey list')) === 'ri';

/** The leaves of an `ri` index root, bounds-checked. */
function indexLeaves(store: HiveStore, root: number): number[] {
  const p = store.payload(root, 4, 'subkey index');
  const count = store.buf.readUInt16LE(p + 2);
  store.payload(root, 4 + count * 4, 'subkey index');
  return Array.from({length: count}, (_, i) => store.buf.readUInt32LE(p + 4 + i * 4));
}

/** Store `leaves` as the index root's entries, in place when the cell has room; returns the root cell. */
function writeIndex(store: HiveStore, root: number, leaves: number[]): number {
  let cell = root;
  if (store.payloadLength(root) < 4 + leaves.length * 4) {
    cell = store.allocate(4 + Math.ceil(leaves.length * 1.5) * 4);
    store.free(root);
  }
  const p = store.payload(cell);
  const buf = store.writable();
  buf.write('ri', p, 'latin1');
  buf.writeUInt16LE(leaves.length, p + 2);
  leaves.forEach((leaf, i) => buf.writeUInt32LE(leaf, p + 4 + i * 4));
  return cell;
}

/** Cell of the last entry of a leaf (for choosing the leaf an insert goes to). */
function lastEntryCell(store: HiveStore, leaf: number): number | undefined {
  const p = store.payload(leaf, 4, 'subkey list');
  const count = store.buf.readUInt16LE(p + 2);
  if (count === 0) return undefined;
  const width = signature(store, p) === 'li' ? 4 : 8;
  store.payload(leaf, 4 + count * width, 'subkey list');
  return store.buf.readUInt32LE(p + 4 + (count - 1) * width);
}

function insertPosition(entries: ListEntry[], name: string, nameOf: (cell: number) => string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareNames(nameOf(entries[mid].cell), name) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Insert a key into a subkey list at its collation position; returns the (possibly new) list cell. Under an
 * `ri` only the leaf concerned is rewritten, split in halves when full (docs/reference/hive-format.md#write-operations), so a write
 * into a key with thousands of subkeys stays proportional to one leaf.
 */
export function insertSubkeyEntry(store: HiveStore, listCell: number, cell: number, name: string, nameOf: (cell: number) => string): number {
  if (!isIndexRoot(store, listCell)) {
    const entries = readSubkeyList(store, listCell);
    entries.splice(insertPosition(entries, name, nameOf), 0, {cell});
    return writeSubkeyList(store, listCell, entries, nameOf);
  }
  const leaves = indexLeaves(store, listCell);
  let index = leaves.length - 1;
  for (let i = 0; i < leaves.length; i++) {
    const last = lastEntryCell(store, leaves[i]);
    if (last !== undefined && compareNames(name, nameOf(last)) < 0) {
      index = i;
      break;
    }
  }
  const entries = readSubkeyList(store, leaves[index]);
  entries.splice(insertPosition(entries, name, nameOf), 0, {cell});
  if (entries.length <= MAX_LEAF_ENTRIES) {
    leaves[index] = writeSubkeyList(store, leaves[index], entries, nameOf);
  } else {
    const half = Math.ceil(entries.length / 2);
    const first = writeSubkeyList(store, leaves[index], entries.slice(0, half), nameOf);
    const second = writeSubkeyList(store, NIL, entries.slice(half), nameOf);
    leaves.splice(index, 1, first, second);
  }
  return writeIndex(store, listCell, leaves);
}

/** Remove a key from a subkey list; an emptied leaf leaves its `ri`, an emptied list becomes NIL. */
export function removeSubkeyEntry(store: HiveStore, listCell: number, cell: number, nameOf: (cell: number) => string): number {
  if (!isIndexRoot(store, listCell)) {
    return writeSubkeyList(store, listCell, readSubkeyList(store, listCell).filter((entry) => entry.cell !== cell), nameOf);
  }
  const leaves = indexLeaves(store, listCell);
  for (let i = 0; i < leaves.length; i++) {
    const entries = readSubkeyList(store, leaves[i]);
    const at = entries.findIndex((entry) => entry.cell === cell);
    if (at < 0) continue;
    entries.splice(at, 1);
    if (entries.length === 0) {
      store.free(leaves[i]);
      leaves.splice(i, 1);
      if (leaves.length === 0) {
        store.free(listCell);
        return NIL;
      }
    } else {
      leaves[i] = writeSubkeyList(store, leaves[i], entries, nameOf);
    }
    return writeIndex(store, listCell, leaves);
  }
  return listCell;
}
