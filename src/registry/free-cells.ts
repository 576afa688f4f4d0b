/**
 * Free cells by size, for best-fit allocation without scanning every free cell: exact-size buckets below
 * 1 KiB (most cells: names, values, lists), one best-fit set above.
 */
const SMALL_LIMIT = 1024;

export class FreeCells {
  private readonly sizes = new Map<number, number>();
  private readonly small: Set<number>[] = Array.from({length: SMALL_LIMIT / 8}, () => new Set<number>());
  private readonly large = new Set<number>();

  has(cell: number): boolean {
    return this.sizes.has(cell);
  }

  size(cell: number): number | undefined {
    return this.sizes.get(cell);
  }

  add(cell: number, size: number): void {
    this.delete(cell);
    this.sizes.set(cell, size);
    if (size < SMALL_LIMIT) this.small[size / 8].add(cell);
    else this.large.add(cell);
  }

  delete(cell: number): void {
    const size = this.sizes.get(cell);
    if (size === undefined) return;
    this.sizes.delete(cell);
    if (size < SMALL_LIMIT) this.small[size / 8].delete(cell);
    else this.large.delete(cell);
  }

  /** The smallest free cell of at least `need` bytes, or -1. */
  bestFit(need: number): number {
    for (let index = need / 8; index < this.small.length; index++) {
      const bucket = this.small[index];
      if (bucket.size > 0) return bucket.values().next().value as number;
    }
    let found = -1;
    let foundSize = Infinity;
    for (const cell of this.large) {
      const size = this.sizes.get(cell)!;
      if (size >= need && size < foundSize) {
        found = cell;
        foundSize = size;
        if (size === need) break;
      }
    }
    return found;
  }
}
