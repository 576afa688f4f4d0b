/**
 * Marvin32, the hash that guards new-format (HvLE) transaction-log entries, with the registry's seed
 * 0x82EF4D887A4E55C5 (docs/reference/hive-format.md#transaction-logs, after Suhanov's yarp).
 */
const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

export function marvin32(data: Buffer, seedLow = 0x7a4e55c5, seedHigh = 0x82ef4d88): {low: number; high: number} {
  let lo = seedLow >>> 0;
  let hi = seedHigh >>> 0;
  const mix = (): void => {
    hi = (hi ^ lo) >>> 0;
    lo = (rotl(lo, 20) + hi) >>> 0;
    hi = (rotl(hi, 9) ^ lo) >>> 0;
    lo = (rotl(lo, 27) + hi) >>> 0;
    hi = rotl(hi, 19);
  };
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    lo = (lo + data.readUInt32LE(i)) >>> 0;
    mix();
  }
  let final = 0x80;
  for (let i = data.length - 1; i >= whole; i--) final = ((final << 8) | data[i]) >>> 0;
  lo = (lo + final) >>> 0;
  mix();
  mix();
  return {low: lo, high: hi};
}
