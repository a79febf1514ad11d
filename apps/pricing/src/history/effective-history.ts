const DAY_MS = 24 * 60 * 60 * 1000;

/** One change of the effective price of a scope; `amount` null: no price from then on. */
export type HistoryPoint = {
  effectiveFrom: Date;
  amount: number | null;
  referenceAmount: number | null;
  reductionStartedAt: Date | null;
};

export type PlannedPoint = HistoryPoint & { previousAmount: number | null };

/**
 * The points that applied, oldest first: of several points at one instant (a later
 * publication corrected an earlier plan) the last written wins. Input in written order.
 */
export function timeline(points: readonly HistoryPoint[]): HistoryPoint[] {
  const byInstant = new Map<number, HistoryPoint>();
  for (const point of points) byInstant.set(point.effectiveFrom.getTime(), point);
  return [...byInstant.entries()].sort(([a], [b]) => a - b).map(([, point]) => point);
}

/** The point in effect at `at` (the last one starting at or before it). */
export function pointAt(line: readonly HistoryPoint[], at: Date): HistoryPoint | undefined {
  let found: HistoryPoint | undefined;
  for (const point of line) {
    if (point.effectiveFrom > at) break;
    found = point;
  }
  return found;
}

const pointBefore = (line: readonly HistoryPoint[], at: Date) =>
  pointAt(line, new Date(at.getTime() - 1));

/**
 * The reference price of a change to `amount` at `at` (EU Omnibus article 6a): during a
 * reduction, the lowest price of the `windowDays` before the reduction started, including the
 * price in effect when that window opened, frozen until the price is back at or above it.
 */
export function referenceFor(
  line: readonly HistoryPoint[],
  at: Date,
  amount: number,
  windowDays: number,
): { referenceAmount: number; reductionStartedAt: Date } | undefined {
  const previous = pointBefore(line, at);
  if (previous?.referenceAmount != null && previous.reductionStartedAt !== null) {
    if (amount < previous.referenceAmount)
      return {
        referenceAmount: previous.referenceAmount,
        reductionStartedAt: previous.reductionStartedAt,
      };
    return undefined;
  }
  if (previous?.amount == null || amount >= previous.amount) return undefined;
  const windowStart = new Date(at.getTime() - windowDays * DAY_MS);
  const amounts: number[] = [];
  const opening = pointAt(line, windowStart)?.amount;
  if (opening != null) amounts.push(opening);
  for (const point of line) {
    if (point.effectiveFrom > windowStart && point.effectiveFrom < at && point.amount !== null)
      amounts.push(point.amount);
  }
  return { referenceAmount: Math.min(...amounts), reductionStartedAt: at };
}

/**
 * The points to append so the history says `desired` (amounts at instants, oldest first), each
 * with its reference price. Points already true are not repeated.
 */
export function planHistory<D extends { at: Date; amount: number | null }>(
  written: readonly HistoryPoint[],
  desired: readonly D[],
  windowDays: number,
): (PlannedPoint & { cause: D })[] {
  const points: HistoryPoint[] = [...written];
  const planned: (PlannedPoint & { cause: D })[] = [];
  for (const wanted of desired) {
    const { at, amount } = wanted;
    const line = timeline(points);
    const current = pointAt(line, at);
    if ((current?.amount ?? null) === amount) continue;
    const reference = amount === null ? undefined : referenceFor(line, at, amount, windowDays);
    const point = {
      effectiveFrom: at,
      amount,
      referenceAmount: reference?.referenceAmount ?? null,
      reductionStartedAt: reference?.reductionStartedAt ?? null,
      previousAmount: pointBefore(line, at)?.amount ?? null,
      cause: wanted,
    };
    points.push(point);
    planned.push(point);
  }
  return planned;
}
