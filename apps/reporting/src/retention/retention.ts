export type CohortPeriod = 'week' | 'month';

/** The UTC start of the ISO week (Monday) or month of `at`. */
export function periodStart(at: Date, period: CohortPeriod): Date {
  if (period === 'month') return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * 86_400_000);
}

/** Whole periods from the period of `start` to the period of `at`. */
export function periodsBetween(start: Date, at: Date, period: CohortPeriod): number {
  const a = periodStart(start, period);
  const b = periodStart(at, period);
  if (period === 'month') {
    return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  }
  return Math.round((b.getTime() - a.getTime()) / (7 * 86_400_000));
}

/** One customer: when they entered their cohort and when they came back (each after entering). */
export type CustomerReturns = { firstAt: Date; returns: readonly Date[] };

export type Cohort = {
  cohortStart: Date;
  size: number;
  /** Customers who came back in period i after the cohort's (0 = the same period). */
  returned: number[];
  /** Customers who came back within 7 and within 30 days of entering. */
  within7Days: number;
  within30Days: number;
};

const DAY_MS = 86_400_000;

/** Cohorts by entry period, with distinct returning customers per later period. */
export function cohortsOf(
  customers: readonly CustomerReturns[],
  period: CohortPeriod,
  periods: number,
): Cohort[] {
  const cohorts = new Map<number, Cohort>();
  for (const { firstAt, returns } of customers) {
    const start = periodStart(firstAt, period);
    let cohort = cohorts.get(start.getTime());
    if (cohort === undefined) {
      cohort = {
        cohortStart: start,
        size: 0,
        returned: new Array<number>(periods).fill(0),
        within7Days: 0,
        within30Days: 0,
      };
      cohorts.set(start.getTime(), cohort);
    }
    cohort.size += 1;
    const seen = new Set<number>();
    for (const at of returns) {
      const i = periodsBetween(firstAt, at, period);
      if (i >= 0 && i < periods) seen.add(i);
    }
    for (const i of seen) cohort.returned[i] += 1;
    const firstReturn = returns.reduce<number | null>(
      (min, at) => (at > firstAt && (min === null || at.getTime() < min) ? at.getTime() : min),
      null,
    );
    if (firstReturn !== null && firstReturn - firstAt.getTime() <= 7 * DAY_MS)
      cohort.within7Days += 1;
    if (firstReturn !== null && firstReturn - firstAt.getTime() <= 30 * DAY_MS)
      cohort.within30Days += 1;
  }
  return [...cohorts.values()].sort((a, b) => a.cohortStart.getTime() - b.cohortStart.getTime());
}
