/**
 * Short display labels (computer names, FQDNs) as bytes in 64 KB blocks, numbered like the rows that own
 * them: latin1 (1 byte per character) when every character fits, else UTF-16 code units (2 bytes), instead
 * of a 24-40 byte string each. Labels longer than 255 are kept as strings on the side (rare).
 */
import {detach} from './detach.js';

const BLOCK = 64 * 1024;
const BLOCK_BITS = 12;
const ROWS = 1 << BLOCK_BITS;
const IN_ROWS = ROWS - 1;
const MAX_INLINE = 255;
/** Lengths: the label is absent, or kept on the side; UTF-16 labels store UTF16 + their length. */
const ABSENT = -1;
const ASIDE = -2;
const UTF16 = 256;

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
    if (n <= MAX_INLINE && this.inline(row, label, false)) lengths[row & IN_ROWS] = n;
    else if (n <= MAX_INLINE && this.inline(row, label, true)) lengths[row & IN_ROWS] = UTF16 + n;
    else {
      lengths[row & IN_ROWS] = ASIDE;
      this.aside.set(row, detach(label));
    }
  }

  get(row: number): string | undefined {
    const length = this.lengths[row >>> BLOCK_BITS][row & IN_ROWS];
    if (length === ABSENT) return undefined;
    if (length === ASIDE) return this.aside.get(row);
    const start = this.starts[row >>> BLOCK_BITS][row & IN_ROWS];
    const block = Math.floor(start / BLOCK);
    const at = start - block * BLOCK;
    if (length >= UTF16) return this.bytes[block].toString('utf16le', at, at + 2 * (length - UTF16));
    return this.bytes[block].toString('latin1', at, at + length);
  }

  /** Forget the label of `row`, the newest row. */
  drop(row: number): void {
    const length = this.lengths[row >>> BLOCK_BITS][row & IN_ROWS];
    if (length === ASIDE) this.aside.delete(row);
    else if (length > 0) this.end = this.starts[row >>> BLOCK_BITS][row & IN_ROWS];
  }

  /** Copy `label` into the blocks, as UTF-16 code units or latin1 (false when a character is past U+00FF). */
  private inline(row: number, label: string, wide: boolean): boolean {
    const n = wide ? 2 * label.length : label.length;
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
    if (wide) {
      for (let i = 0; i < label.length; i++) bytes.writeUInt16LE(label.charCodeAt(i), at + 2 * i);
    } else {
      for (let i = 0; i < n; i++) {
        const c = label.charCodeAt(i);
        if (c > 0xff) return false;
        bytes[at + i] = c;
      }
    }
    this.starts[row >>> BLOCK_BITS][row & IN_ROWS] = block * BLOCK + at;
    this.end = block * BLOCK + at + n;
    return true;
  }
}
