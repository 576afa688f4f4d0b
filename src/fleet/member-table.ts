/**
 * The observations the identity indexes point at, one row each, in columns: where it is (file × 2^32 +
 * line), its display label, and two flags. A machine's name key is not stored: it is the label's
 * machineKey whenever the record named a machine (only duplicates ever need it).
 */
import {LabelStore} from './label-store.js';
import {machineKey} from './normalize.js';

/** Origins pack file index and line into one number: file × 2^32 + line. */
export const LINE_SPACE = 0x1_0000_0000;

const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;

/** The label is the machine's name as the input spelled it. */
const NAMED = 1;
/** The machine is identified by its name (events: many observations of one machine). */
const BY_NAME = 2;

export class MemberTable {
  private readonly origins: Float64Array[] = [];
  private readonly flags: Uint8Array[] = [];
  private readonly labels = new LabelStore();
  private rows = 0;

  get size(): number {
    return this.rows;
  }

  /**
   * A new row: the observation at `origin`, with its display `label` (the machine's name as spelled when
   * `named`), identified by name when `byName`. Call `dropLast` when nothing keeps it.
   */
  add(origin: number, label: string | undefined, named: boolean, byName: boolean): number {
    const row = this.rows++;
    const block = row >>> BLOCK_BITS;
    if (block === this.origins.length) {
      this.origins.push(new Float64Array(BLOCK));
      this.flags.push(new Uint8Array(BLOCK));
    }
    this.origins[block][row & IN_BLOCK] = origin;
    this.flags[block][row & IN_BLOCK] = (named ? NAMED : 0) | (byName ? BY_NAME : 0);
    this.labels.set(row, label);
    return row;
  }

  /** Forget the newest row (nothing kept a reference to it). */
  dropLast(): void {
    this.labels.drop(--this.rows);
  }

  origin(row: number): number {
    return this.origins[row >>> BLOCK_BITS][row & IN_BLOCK];
  }

  /** Index of the input file. */
  file(row: number): number {
    return Math.floor(this.origin(row) / LINE_SPACE);
  }

  label(row: number): string | undefined {
    return this.labels.get(row);
  }

  byName(row: number): boolean {
    return (this.flags[row >>> BLOCK_BITS][row & IN_BLOCK] & BY_NAME) !== 0;
  }

  /** Short machine name, lower case, when the observation named its machine. */
  name(row: number): string | undefined {
    const label = this.labels.get(row);
    return label !== undefined && (this.flags[row >>> BLOCK_BITS][row & IN_BLOCK] & NAMED) !== 0 ? machineKey(label) : undefined;
  }
}
