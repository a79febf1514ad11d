/** What a burn takes from each lot. */
export type Allocation = { lotId: string; points: number };

/**
 * Takes `points` from lots already in burn order (earliest-expiring, then oldest earned),
 * each at most to what it has left; `short` is what the lots could not cover.
 */
export function allocateBurn(
  lots: readonly { lotId: string; remaining: number }[],
  points: number,
): { allocations: Allocation[]; short: number } {
  const allocations: Allocation[] = [];
  let left = points;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    allocations.push({ lotId: lot.lotId, points: take });
    left -= take;
  }
  return { allocations, short: left };
}
