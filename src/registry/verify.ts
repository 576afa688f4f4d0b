/**
 * `verifyHive`: the checks Windows makes at load and no Linux tool does (docs/reference/hive-format.md#writer-invariants, docs/reference/hive-format.md#hivex-limits), modelled on
 * ReactOS CmCheckRegistry plus order, hash and hint checks: header and checksum, bins tiled by cells,
 * every reference at an allocated cell start, names, parents, counts, sorted lists with right `lh` hashes
 * and `lf` hints, max-length fields, value lists, big-data placement, the sk ring and refcounts, classes.
 */
import type {Integer} from '../json-types.js';
import {BASE_BLOCK_SIZE, parseBaseBlock} from './base-block.js';
import {DB_SEGMENT} from './big-data.js';
import {dirtyReason} from './logs.js';
import {NK, nkAt, nkName} from './nk.js';
import {compareNames, lfHintMismatch, nameHash, upcaseName} from './names.js';
import {SK, skAt} from './sk.js';
import {HiveStore, NIL} from './store.js';
import {VK, vkAt, vkName} from './vk.js';
import {isWinprepError} from '../errors.js';

export type IssueSeverity = 'error' | 'warning';

export interface VerifyIssue {
  severity: IssueSeverity;
  /** Stable check name, e.g. `lh-hash`, `sk-refcount`, `order`. */
  check: string;
  message: string;
  keyPath?: string;
  cell?: Integer;
}

export interface VerifyReport {
  file?: string;
  /** No errors (warnings allowed) and not dirty. */
  ok: boolean;
  version: string;
  dirty: boolean;
  dirtyReason?: string;
  keys: Integer;
  values: Integer;
  securityCells: Integer;
  bins: Integer;
  binsSize: Integer;
  freeBytes: Integer;
  errors: Integer;
  warnings: Integer;
  /** The first issues found (at most MAX_ISSUES). */
  issues: VerifyIssue[];
}

const MAX_ISSUES = 200;
const MAX_DEPTH = 512;
const BIN_HEADER = 32;

class Verifier {
  readonly issues: VerifyIssue[] = [];
  errors = 0;
  warnings = 0;
  keys = 0;
  values = 0;
  bins = 0;
  freeBytes = 0;
  /** One flag per 8-byte slot: 1 = an allocated cell starts here. */
  private allocated: Uint8Array;
  private readonly skRefs = new Map<number, number>();

  constructor(private readonly store: HiveStore) {
    this.allocated = new Uint8Array(store.binsSize / 8);
  }

  report(severity: IssueSeverity, check: string, message: string, keyPath?: string, cell?: number): void {
    if (severity === 'error') this.errors++;
    else this.warnings++;
    if (this.issues.length < MAX_ISSUES) this.issues.push({severity, check, message, keyPath, cell});
  }

  /** docs/reference/hive-format.md#writer-invariants: cells tile every bin exactly; sizes are multiples of 8. */
  scanBins(): void {
    const {store} = this;
    let bin = 0;
    while (bin < store.binsSize) {
      this.bins++;
      const end = store.binEnd(bin);
      let cell = bin + BIN_HEADER;
      while (cell < end) {
        const size = store.buf.readInt32LE(BASE_BLOCK_SIZE + cell);
        const length = Math.abs(size);
        if (length < 8 || length % 8 !== 0 || cell + length > end) {
          this.report('error', 'cell-tiling', `cell at 0x${cell.toString(16)} has size ${size}: the cells of the bin at 0x${bin.toString(16)} do not tile it (Windows frees the rest of the bin)`, undefined, cell);
          break;
        }
        if (size < 0) this.allocated[cell / 8] = 1;
        else this.freeBytes += length;
        cell += length;
      }
      bin = end;
    }
  }

  /** A reference must point at the start of an allocated cell (docs/reference/hive-format.md#writer-invariants). */
  ref(cell: number, what: string, keyPath: string): boolean {
    if (cell === NIL || cell % 8 !== 0 || cell >= this.store.binsSize || this.allocated[cell / 8] !== 1) {
      this.report('error', 'reference', `${what} points at 0x${(cell >>> 0).toString(16)}, which is not an allocated cell`, keyPath);
      return false;
    }
    return true;
  }

  walk(rootCell: number): void {
    const seen = new Set<number>();
    const stack: {cell: number; parent: number; path: string; depth: number}[] = [{cell: rootCell, parent: NIL, path: '', depth: 0}];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (seen.has(item.cell)) {
        this.report('error', 'cycle', `key cell 0x${item.cell.toString(16)} is reachable twice (a cycle or shared node)`, item.path);
        continue;
      }
      seen.add(item.cell);
      if (item.depth > MAX_DEPTH) {
        this.report('error', 'depth', `keys nested deeper than ${MAX_DEPTH} levels`, item.path);
        continue;
      }
      try {
        const children = this.checkKey(item.cell, item.parent, item.path);
        for (let i = children.length - 1; i >= 0; i--) {
          const child = children[i];
          stack.push({cell: child.cell, parent: item.cell, path: item.path === '' ? child.name : `${item.path}\\${child.name}`, depth: item.depth + 1});
        }
      } catch (error) {
        if (!isWinprepError(error)) throw error;
        this.report('error', 'structure', error.message.replace(/^.*?corrupt registry hive: /, ''), item.path, item.cell);
      }
    }
  }

  /** Checks one key; returns its children (cell and name) to visit. */
  private checkKey(cell: number, parent: number, path: string): {cell: number; name: string}[] {
    const {store} = this;
    if (!this.ref(cell, 'key', path)) return [];
    const p = nkAt(store, cell);
    const buf = store.buf;
    this.keys++;
    const name = nkName(store, p);
    const isRoot = parent === NIL;
    if (!isRoot) {
      if (name.length === 0 || name.length > 255) this.report('error', 'key-name', `key name has ${name.length} characters (1 to 255 allowed)`, path, cell);
      if (name.includes('\\')) this.report('error', 'key-name', 'key name contains a backslash', path, cell);
      if (buf.readUInt32LE(p + NK.parent) !== parent) this.report('error', 'parent', `parent pointer is 0x${buf.readUInt32LE(p + NK.parent).toString(16)}, not the real parent 0x${parent.toString(16)}`, path, cell);
    }
    if (store.payloadLength(cell) + 4 > 0x45c) this.report('warning', 'nk-size', `key node cell is ${store.payloadLength(cell) + 4} bytes (Windows' checker allows 0x45C)`, path, cell);

    // Security (docs/reference/hive-format.md#writer-invariants)
    const sk = buf.readUInt32LE(p + NK.security);
    if (this.ref(sk, 'security cell', path)) {
      skAt(store, sk);
      this.skRefs.set(sk, (this.skRefs.get(sk) ?? 0) + 1);
    }

    // Class (docs/reference/hive-format.md#writer-invariants)
    const classLength = buf.readUInt16LE(p + NK.classLength);
    if (classLength > 0 && this.ref(buf.readUInt32LE(p + NK.classCell), 'class name', path)) store.payload(buf.readUInt32LE(p + NK.classCell), classLength, 'class name');

    this.checkValues(cell, p, path);
    return this.checkSubkeys(cell, p, path);
  }

  private checkValues(cell: number, p: number, path: string): void {
    const {store} = this;
    const buf = store.buf;
    const count = buf.readUInt32LE(p + NK.valueCount);
    if (count === 0) return;
    const listCell = buf.readUInt32LE(p + NK.valueList);
    if (!this.ref(listCell, 'value list', path)) return;
    const list = store.payload(listCell, count * 4, 'value list');
    const names = new Set<string>();
    let maxName = 0;
    let maxData = 0;
    for (let i = 0; i < count; i++) {
      const vkCell = buf.readUInt32LE(list + i * 4);
      if (!this.ref(vkCell, 'value', path)) continue;
      const v = vkAt(store, vkCell);
      this.values++;
      const name = vkName(store, v);
      const upper = upcaseName(name);
      if (names.has(upper)) this.report('error', 'value-duplicate', `value ${JSON.stringify(name)} appears twice`, path, vkCell);
      names.add(upper);
      maxName = Math.max(maxName, name.length * 2);
      const raw = buf.readUInt32LE(v + VK.dataSize);
      const length = raw & 0x7fffffff;
      maxData = Math.max(maxData, length);
      if (raw & 0x80000000) {
        if (length > 4) this.report('error', 'value-data', `value ${JSON.stringify(name)} claims ${length} inline bytes`, path, vkCell);
        continue;
      }
      if (length === 0) continue;
      const dataCell = buf.readUInt32LE(v + VK.dataCell);
      if (!this.ref(dataCell, `data of value ${JSON.stringify(name)}`, path)) continue;
      const d = store.payload(dataCell, 2, 'value data');
      const isDb = buf[d] === 0x64 && buf[d + 1] === 0x62;
      if (store.minor >= 4 && length > DB_SEGMENT) {
        if (!isDb) {
          this.report('error', 'big-data', `value ${JSON.stringify(name)} (${length} bytes) is stored in one cell; version 1.${store.minor} needs a db record beyond 16344 bytes`, path, vkCell);
          continue;
        }
        this.checkBigData(dataCell, length, name, path);
      } else {
        store.payload(dataCell, length, 'value data');
      }
    }
    if (buf.readUInt32LE(p + NK.maxValueNameLen) < maxName) this.report('error', 'max-value-name', `largest value name field ${buf.readUInt32LE(p + NK.maxValueNameLen)} < actual ${maxName}`, path, cell);
    if (buf.readUInt32LE(p + NK.maxValueDataLen) < maxData) this.report('error', 'max-value-data', `largest value data field ${buf.readUInt32LE(p + NK.maxValueDataLen)} < actual ${maxData}`, path, cell);
  }

  private checkBigData(cell: number, length: number, name: string, path: string): void {
    const {store} = this;
    const p = store.payload(cell, 8, 'big data record');
    const count = store.buf.readUInt16LE(p + 2);
    if (count !== Math.ceil(length / DB_SEGMENT)) {
      this.report('error', 'big-data', `value ${JSON.stringify(name)}: db record has ${count} segments for ${length} bytes (Windows removes the value)`, path, cell);
      return;
    }
    const listCell = store.buf.readUInt32LE(p + 4);
    if (!this.ref(listCell, 'big data segment list', path)) return;
    const list = store.payload(listCell, count * 4, 'big data segment list');
    for (let i = 0; i < count; i++) {
      const segment = store.buf.readUInt32LE(list + i * 4);
      if (this.ref(segment, 'big data segment', path)) store.payload(segment, Math.min(DB_SEGMENT, length - i * DB_SEGMENT), 'big data segment');
    }
  }

  private checkSubkeys(cell: number, p: number, path: string): {cell: number; name: string}[] {
    const {store} = this;
    const buf = store.buf;
    const count = buf.readUInt32LE(p + NK.subkeyCount);
    const listCell = buf.readUInt32LE(p + NK.subkeyList);
    if (listCell === NIL) {
      if (count !== 0) this.report('error', 'subkey-count', `subkey count is ${count} but there is no subkey list`, path, cell);
      return [];
    }
    if (!this.ref(listCell, 'subkey list', path)) return [];
    const children: {cell: number; name: string; nameLength: number; classLength: number}[] = [];
    const leaf = (leafCell: number, inIndex: boolean): void => {
      const q = store.payload(leafCell, 4, 'subkey list');
      const sig = buf.toString('latin1', q, q + 2);
      const n = buf.readUInt16LE(q + 2);
      if (sig === 'ri') {
        if (inIndex) {
          this.report('error', 'list-shape', 'an ri index points at another ri', path, leafCell);
          return;
        }
        store.payload(leafCell, 4 + n * 4, 'subkey index');
        for (let i = 0; i < n; i++) {
          const target = buf.readUInt32LE(q + 4 + i * 4);
          if (this.ref(target, 'subkey index entry', path)) leaf(target, true);
        }
        return;
      }
      if (sig !== 'li' && sig !== 'lf' && sig !== 'lh') {
        this.report('error', 'list-shape', `subkey list has signature ${JSON.stringify(sig)}`, path, leafCell);
        return;
      }
      if (n === 0) this.report(inIndex ? 'error' : 'warning', 'list-shape', inIndex ? 'empty leaf inside an ri index' : 'empty subkey list instead of none', path, leafCell);
      const width = sig === 'li' ? 4 : 8;
      store.payload(leafCell, 4 + n * width, 'subkey list');
      for (let i = 0; i < n; i++) {
        const child = buf.readUInt32LE(q + 4 + i * width);
        if (!this.ref(child, 'subkey', path)) continue;
        const c = nkAt(store, child);
        const name = nkName(store, c);
        if (sig === 'lh' && buf.readUInt32LE(q + 8 + i * width) !== nameHash(name)) {
          this.report('error', 'lh-hash', `subkey ${JSON.stringify(name)} has hash 0x${buf.readUInt32LE(q + 8 + i * width).toString(16)}, should be 0x${nameHash(name).toString(16)} (Windows cannot open it by name)`, path, leafCell);
        }
        if (sig === 'lf') {
          const stored = buf.readUInt32LE(q + 8 + i * width);
          const wrong = lfHintMismatch(name, stored);
          if (wrong !== undefined) {
            this.report('error', 'lf-hint', `subkey ${JSON.stringify(name)} has a wrong lf hint (character ${wrong + 1} is 0x${((stored >>> (wrong * 8)) & 0xff).toString(16)}; Windows cannot find it by name)`, path, leafCell);
          }
        }
        children.push({cell: child, name, nameLength: name.length * 2, classLength: buf.readUInt16LE(c + NK.classLength)});
      }
    };
    leaf(listCell, false);
    if (children.length !== count) this.report('error', 'subkey-count', `subkey count is ${count} but the list holds ${children.length}`, path, cell);
    let maxName = 0;
    let maxClass = 0;
    for (let i = 0; i < children.length; i++) {
      maxName = Math.max(maxName, children[i].nameLength);
      maxClass = Math.max(maxClass, children[i].classLength);
      if (i > 0 && compareNames(children[i - 1].name, children[i].name) >= 0) {
        this.report('error', 'order', `subkey ${JSON.stringify(children[i].name)} is not after ${JSON.stringify(children[i - 1].name)} in Windows order (or is a duplicate)`, path, cell);
      }
    }
    if (buf.readUInt16LE(p + NK.maxNameLen) < maxName) this.report('error', 'max-name', `largest subkey name field ${buf.readUInt16LE(p + NK.maxNameLen)} < actual ${maxName}`, path, cell);
    if (buf.readUInt32LE(p + NK.maxClassLen) < maxClass) this.report('error', 'max-class', `largest subkey class field ${buf.readUInt32LE(p + NK.maxClassLen)} < actual ${maxClass}`, path, cell);
    return children;
  }

  /** The sk ring from the root's sk: consistent links, every used sk on it, refcounts exact (docs/reference/hive-format.md#security). */
  checkSecurityRing(rootCell: number): number {
    const {store} = this;
    let rootSk: number;
    try {
      rootSk = store.buf.readUInt32LE(nkAt(store, rootCell) + NK.security);
      skAt(store, rootSk);
    } catch {
      return 0;
    }
    const ring = new Set<number>();
    let at = rootSk;
    const limit = store.binsSize / 8;
    while (!ring.has(at)) {
      if (ring.size > limit || !this.ref(at, 'sk ring link', '')) return ring.size;
      let p: number;
      try {
        p = skAt(store, at);
      } catch (error) {
        if (!isWinprepError(error)) throw error;
        this.report('error', 'sk-ring', `sk ring link 0x${at.toString(16)} is not a security cell`);
        return ring.size;
      }
      ring.add(at);
      const next = store.buf.readUInt32LE(p + SK.flink);
      if (next !== NIL && this.allocated[next / 8] === 1 && next % 8 === 0) {
        try {
          if (store.buf.readUInt32LE(skAt(store, next) + SK.blink) !== at) this.report('error', 'sk-ring', `sk 0x${next.toString(16)} does not link back to 0x${at.toString(16)}`);
        } catch {
          // reported when the walk reaches it
        }
      }
      at = next;
    }
    if (at !== rootSk) this.report('error', 'sk-ring', 'the sk list does not close into a ring through the root key\'s sk');
    for (const [sk, uses] of this.skRefs) {
      if (!ring.has(sk)) this.report('error', 'sk-ring', `sk 0x${sk.toString(16)} (used by ${uses} keys) is not on the sk ring`);
      const refCount = store.buf.readUInt32LE(skAt(store, sk) + SK.refCount);
      if (refCount < uses) this.report('error', 'sk-refcount', `sk 0x${sk.toString(16)} has refcount ${refCount} but ${uses} keys use it (Windows 11 bugchecks when it reaches 0)`);
      else if (refCount > uses) this.report('warning', 'sk-refcount', `sk 0x${sk.toString(16)} has refcount ${refCount} but ${uses} keys use it (a leak)`);
    }
    for (const sk of ring) if (!this.skRefs.has(sk)) this.report('warning', 'sk-unused', `sk 0x${sk.toString(16)} is on the ring but no key uses it`);
    return ring.size;
  }
}

/**
 * Verify a hive. A hive too broken to open (bad header, truncated, broken bin chain or root) throws
 * WinprepError badInput naming the file; anything else is reported as issues.
 */
export function verifyHive(bytes: Buffer, file?: string, options: {logs?: Buffer[]} = {}): VerifyReport {
  const header = parseBaseBlock(bytes, file);
  const store = new HiveStore(bytes, header.binsSize, header.minor, file);
  nkAt(store, header.rootCell);
  const verifier = new Verifier(store);
  const dirty = dirtyReason(header, options.logs);
  if (header.checksum !== header.storedChecksum) verifier.report('error', 'checksum', `header checksum is 0x${header.storedChecksum.toString(16)}, should be 0x${header.checksum.toString(16)}`);
  if (header.seq1 !== header.seq2) verifier.report('error', 'dirty', `sequence numbers differ (${header.seq1}/${header.seq2})`);
  if (bytes.readUInt32LE(44) !== 1) verifier.report('warning', 'header', `clustering factor is ${bytes.readUInt32LE(44)} (should be 1)`);
  verifier.scanBins();
  verifier.walk(header.rootCell);
  const securityCells = verifier.checkSecurityRing(header.rootCell);
  return {
    file,
    ok: verifier.errors === 0 && dirty === undefined,
    version: `1.${header.minor}`,
    dirty: dirty !== undefined,
    dirtyReason: dirty,
    keys: verifier.keys,
    values: verifier.values,
    securityCells,
    bins: verifier.bins,
    binsSize: header.binsSize,
    freeBytes: verifier.freeBytes,
    errors: verifier.errors,
    warnings: verifier.warnings,
    issues: verifier.issues,
  };
}
