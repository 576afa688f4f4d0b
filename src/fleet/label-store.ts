/**
 * Short display labels (computer names, FQDNs) as latin1 bytes in 64 KB blocks, numbered like the rows
 * that own them: ~1 byte per character instead of a 24-40 byte string each. Labels of other characters or
 * longer than 255 are kept as strings on the side (rare).
 */
import {detach} from './detach.js';

const BLOCK = 64 * 1024;
const BLOCK_BITS = 12;
const ROWS = 1 << BLOCK_BITS;
const IN_ROWS = ROWS - 1;
const MAX_INLINE = 255;
/** Lengths: the label is absent, or kept on the side. */
const ABSENT = -1;
const ASIDE = -2;

export class LabelStore {
  private readonly bytes: Buffer[] = [];
  /** Where the next label goes: block × BLOCK + offset. */
  private end = 0;
  /** Offsets into the blocks: 4 GB of labels is far more than any fleet's names. */
  private readonly starts: Uint32Array[] = [];
  private readonly lengths: Int16Array[] = [];
  private readonly aside = new Map<number, string>();

  /** Store the label of row `row` (rows are set in order; only the newest may be dropped). */
  set(row: number, label: string | undefined): void {
    if ((row & IN_ROWS) === 0 && row >>> BLOCK_BITS === this.starts.length) {
      this.starts.push(new Uint32Array(ROWS));
      this.lengths.push(new Int16Array(ROWS));
    }
    const lengths = this.lengths[row >>> BLOCK_BITS];
    if (label === undefined) {
      lengths[row & IN_ROWS] = ABSENT;
      return;
    }
    const n = label.length;
    if (n > MAX_INLINE || !this.inline(row, label)) {
      lengths[row & IN_ROWS] = ASIDE;
      this.aside.set(row, detach(label));
      return;
    }
    lengths[row & IN_ROWS] = n;
  }

  get(row: number): string | undefined {
    const length = this.lengths[row >>> BLOCK_BITS][row & IN_ROWS];
    if (length === ABSENT) return undefined;
    if (length === ASIDE) return this.aside.get(row);
    const start = this.starts[row >>> BLOCK_BITS][row & IN_ROWS];
    const block = Math.floor(start / BLOCK);
    const at = start - block * BLOCK;
    return this.bytes[block].toString('latin1', at, at + length);
  }

  /** Forget the label of `row`, the newest row. */
  drop(row: number): void {
    const length = this.lengths[row >>> BLOCK_BITS][row & IN_ROWS];
    if (length === ASIDE) this.aside.delete(row);
    else if (length > 0) this.end = this.starts[row >>> BLOCK_BITS][row & IN_ROWS];
  }

  /** Copy `label` into the blocks; false when a character is past U+00FF. */
  private inline(row: number, label: string): boolean {
    const n = label.length;
    let block = Math.floor(this.end / BLOCK);
    let at = this.end - block * BLOCK;
    // A label never straddles two blocks.
    if (at + n > BLOCK) {
      block++;
      at = 0;
    }
    if ((block + 1) * BLOCK > 0xffff_ffff) return false;
    if (block === this.bytes.length) this.bytes.push(Buffer.alloc(BLOCK));
    const bytes = this.bytes[block];
    for (let i = 0; i < n; i++) {
      const c = label.charCodeAt(i);
      if (c > 0xff) return false;
      bytes[at + i] = c;
    }
    this.starts[row >>> BLOCK_BITS][row & IN_ROWS] = block * BLOCK + at;
    this.end = block * BLOCK + at + n;
    return true;
  }
}
