/** One reading of reporting's order count: when it answered and how many bench orders it held. */
export type VisibilitySample = { readonly atMs: number; readonly seen: number };

/**
 * How long each accepted order took to show in reporting's KPIs. Reporting answers counts, not
 * order ids, so the k-th order ingest accepted is paired with the first reading that counts at
 * least k bench orders: the lag of the count behind acceptances, which is the freshness a KPI
 * reader sees. An order counted before an earlier-accepted one (another partition) is paired
 * with the earlier one's reading; a pairing that comes out negative that way counts as 0.
 */
export function visibilityLatencies(
  acceptedAtMs: readonly number[],
  samples: readonly VisibilitySample[],
): { readonly latenciesMs: number[]; readonly missing: number } {
  const accepted = [...acceptedAtMs].sort((a, b) => a - b);
  const readings = [...samples].sort((a, b) => a.atMs - b.atMs);
  const latenciesMs: number[] = [];
  let reading = 0;
  let highest = 0;
  for (let k = 1; k <= accepted.length; k++) {
    while (reading < readings.length && highest < k) {
      highest = Math.max(highest, readings[reading].seen);
      if (highest < k) reading += 1;
    }
    if (reading >= readings.length) break;
    latenciesMs.push(Math.max(0, readings[reading].atMs - accepted[k - 1]));
  }
  return { latenciesMs, missing: accepted.length - latenciesMs.length };
}
