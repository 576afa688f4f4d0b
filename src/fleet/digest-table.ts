/**
 * A set of identity values as 16-byte digests (digest.ts), each with one int32 payload, in typed arrays:
 * about 30 bytes per distinct value and no garbage per lookup, where a Map<string, object> costs ~200.
 * Entries are numbered in insertion order and stored in fixed blocks, so growing never copies them.
 */
import {digestInto, fmix32} from './digest.js';

const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;
const FIRST_SLOTS = 256;

export class DigestTable {
  private readonly keys: Uint32Array[] = [];
  private readonly tags: Uint8Array[] = [];
  private readonly payloads: Int32Array[] = [];
  /** One bit per entry, for tables that mark some values (allocated on first use). */
  private readonly marks: Uint8Array[] = [];
  private marked = 0;
  /** Open addressing (linear probing): entry number + 1, 0 for an empty slot. */
  private slots = new Int32Array(FIRST_SLOTS);
  private count = 0;
  private readonly scratch = new Uint32Array(4);
  /** Whether the last `upsert` added its value. */
  added = false;

  get size(): number {
    return this.count;
  }

  /** Entries marked so far. */
  get markedCount(): number {
    return this.marked;
  }

  /** Mark an entry (once: marking it again changes nothing). */
  mark(entry: number): void {
    const block = entry >>> BLOCK_BITS;
    while (this.marks.length <= block) this.marks.push(new Uint8Array(BLOCK >>> 3));
    const at = (entry & IN_BLOCK) >>> 3;
    const bit = 1 << (entry & 7);
    if ((this.marks[block][at] & bit) !== 0) return;
    this.marks[block][at] |= bit;
    this.marked++;
  }

  /** The entry of `value`, added with payload `initial` when absent (`added` tells which). */
  upsert(value: string, initial: number): number {
    const key = this.scratch;
    const tag = digestInto(value, key);
    const mask = this.slots.length - 1;
    let slot = slotHash(tag, key[0], key[1], key[2], key[3]) & mask;
    for (let held = this.slots[slot]; held !== 0; held = this.slots[slot]) {
      if (this.matches(held - 1, tag)) {
        this.added = false;
        return held - 1;
      }
      slot = (slot + 1) & mask;
    }
    const entry = this.count++;
    const block = entry >>> BLOCK_BITS;
    if (block === this.keys.length) {
      this.keys.push(new Uint32Array(BLOCK * 4));
      this.tags.push(new Uint8Array(BLOCK));
      this.payloads.push(new Int32Array(BLOCK));
    }
    const at = (entry & IN_BLOCK) * 4;
    const keys = this.keys[block];
    keys[at] = key[0];
    keys[at + 1] = key[1];
    keys[at + 2] = key[2];
    keys[at + 3] = key[3];
    this.tags[block][entry & IN_BLOCK] = tag;
    this.payloads[block][entry & IN_BLOCK] = initial;
    this.slots[slot] = entry + 1;
    // Grow at 3/4 full: linear probing stays short below that.
    if (this.count * 4 > this.slots.length * 3) this.rehash(this.slots.length * 2);
    this.added = true;
    return entry;
  }

  payload(entry: number): number {
    return this.payloads[entry >>> BLOCK_BITS][entry & IN_BLOCK];
  }

  setPayload(entry: number, payload: number): void {
    this.payloads[entry >>> BLOCK_BITS][entry & IN_BLOCK] = payload;
  }

  private matches(entry: number, tag: number): boolean {
    const block = entry >>> BLOCK_BITS;
    if (this.tags[block][entry & IN_BLOCK] !== tag) return false;
    const keys = this.keys[block];
    const at = (entry & IN_BLOCK) * 4;
    const key = this.scratch;
    return keys[at] === key[0] && keys[at + 1] === key[1] && keys[at + 2] === key[2] && keys[at + 3] === key[3];
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      const block = entry >>> BLOCK_BITS;
      const keys = this.keys[block];
      const at = (entry & IN_BLOCK) * 4;
      let slot = slotHash(this.tags[block][entry & IN_BLOCK], keys[at], keys[at + 1], keys[at + 2], keys[at + 3]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

/** Mix all four words: exact keys (sequential GUIDs, names) are far from uniform. */
function slotHash(tag: number, a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ tag, 0x9e3779b1);
  h = Math.imul((h << 13) | (h >>> 19), 5) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ c;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ d;
  return fmix32(h);
}
