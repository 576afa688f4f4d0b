/**
 * "Did you mean": the closest known name to a mistyped one, by edit distance (insertions, deletions,
 * substitutions and swaps of neighbours each cost 1), for commands, flags, operations and rules alike.
 */

/** Optimal string alignment distance, case-insensitive: `generalise`→`generalize` 1, `dry-rn`→`dry-run` 1. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({length: s.length + 1}, (_, i) => [i, ...Array.from({length: t.length}, (_, j) => (i === 0 ? j + 1 : 0))]);
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/** How far a typo may be from the name it meant: short names allow one edit, longer ones up to three. */
export const maxDistance = (name: string): number => (name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3);

/** The known name closest to `name` within maxDistance, or undefined. Ties go to the first in `known`. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance(name) + 1;
  for (const candidate of known) {
    // A prefix that is also a known name's start ("machine" for "machine-guid") is a likely truncation.
    const distance = candidate.toLowerCase().startsWith(name.toLowerCase()) && name.length >= 4 ? 1 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` for a message, or '' when nothing is close. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const match = closest(name, known);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
