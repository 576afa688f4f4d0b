/**
 * How a KMS client orders the `_vlmcs._tcp` records it got (docs/reference/dns.md#srv-selection, docs/reference/dns.md#client-discovery): Vista/Server
 * 2008 pick at random; Windows 7/2008 R2 and later honour priority and weight as RFC 2782 describes.
 * The random source is injectable so tests can pin the outcome.
 */
import type {SrvTarget} from '../licensing/srv.js';

export type ClientGeneration = 'vista' | 'modern';
export type Random = () => number;

/** Uniform shuffle (Fisher–Yates): the Vista client's random pick, then its next random pick, … */
export function randomOrder<T>(records: readonly T[], random: Random = Math.random): T[] {
  const out = [...records];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * RFC 2782 "Usage rules": lowest priority first; within one priority, repeatedly put the zero-weight
 * records first, draw a number in [0, total weight] and take the first record whose running sum reaches it.
 */
export function rfc2782Order<T extends SrvTarget>(records: readonly T[], random: Random = Math.random): T[] {
  const priorities = [...new Set(records.map((r) => r.priority))].sort((a, b) => a - b);
  const out: T[] = [];
  for (const priority of priorities) {
    const group = records.filter((r) => r.priority === priority);
    // "All those with weight 0 are placed at the beginning" in "any order": we shuffle them, so that
    // all-zero weights (what Windows hosts publish by default) give every host the same chance.
    const pool = [...randomOrder(group.filter((r) => r.weight === 0), random), ...group.filter((r) => r.weight > 0)];
    while (pool.length > 0) {
      const total = pool.reduce((sum, r) => sum + r.weight, 0);
      // random() is in [0, 1); RFC 2782 draws from [0, total] inclusive: scale by total + 1 and floor.
      const draw = Math.floor(random() * (total + 1));
      let running = 0;
      let index = pool.findIndex((r) => (running += r.weight) >= draw);
      if (index < 0) index = pool.length - 1;
      out.push(pool.splice(index, 1)[0]);
    }
  }
  return out;
}

export function clientOrder<T extends SrvTarget>(records: readonly T[], client: ClientGeneration, random: Random = Math.random): T[] {
  return client === 'vista' ? randomOrder(records, random) : rfc2782Order(records, random);
}

/**
 * Chance that each record is the client's first pick, in input order, matching rfc2782Order: only the
 * lowest priority can come first; a draw of 0 (chance 1/(total+1)) lands on a zero-weight record
 * (shared equally) or, when there is none, on the first record; any other draw on weight / (total+1).
 */
export function firstPickChances(records: readonly SrvTarget[], client: ClientGeneration): number[] {
  if (records.length === 0) return [];
  if (client === 'vista') return records.map(() => 1 / records.length);
  const lowest = Math.min(...records.map((r) => r.priority));
  const group = records.filter((r) => r.priority === lowest);
  const total = group.reduce((sum, r) => sum + r.weight, 0);
  const zeros = group.filter((r) => r.weight === 0).length;
  const firstWeighted = group.find((r) => r.weight > 0);
  const zeroDraw = 1 / (total + 1);
  return records.map((r) => {
    if (r.priority !== lowest) return 0;
    if (r.weight === 0) return zeroDraw / zeros;
    return r.weight / (total + 1) + (zeros === 0 && r === firstWeighted ? zeroDraw : 0);
  });
}
