/** FILETIME (100 ns units since 1601-01-01 UTC) <-> Date; docs/reference/hive-format.md#conventions. */
const EPOCH_DIFF_MS = 11_644_473_600_000;

export function readFiletime(buf: Buffer, offset: number): Date {
  const low = buf.readUInt32LE(offset);
  const high = buf.readUInt32LE(offset + 4);
  const ms = (high * 4294967296 + low) / 10_000 - EPOCH_DIFF_MS;
  return new Date(Number.isFinite(ms) ? Math.floor(ms) : 0);
}

export function writeFiletime(buf: Buffer, offset: number, date: Date): void {
  const ticks = (BigInt(date.getTime()) + BigInt(EPOCH_DIFF_MS)) * 10_000n;
  buf.writeBigUInt64LE(ticks < 0n ? 0n : ticks, offset);
}
