import {
  BUCKET_COUNTERS,
  bucketId,
  bucketsOf,
  type BucketCounter,
  type BucketKey,
  type CounterDeltas,
  type CustomerRole,
} from './event-facts';

export type CounterRow = { key: BucketKey; counters: Record<BucketCounter, number> };
export type MemberRow = { key: BucketKey; role: CustomerRole; customerId: string };

const zeros = (): Record<BucketCounter, number> =>
  Object.fromEntries(BUCKET_COUNTERS.map((counter) => [counter, 0])) as Record<
    BucketCounter,
    number
  >;

/**
 * What one batch adds to the KPI buckets, summed per bucket before it is written, so each
 * bucket row is updated once per batch; rows come out sorted so that concurrent batches lock
 * bucket rows in the same order.
 */
export class BucketDeltas {
  private readonly counters = new Map<string, CounterRow>();
  private readonly members = new Map<string, MemberRow>();

  add(at: Date, channel: string, campaignId: string, deltas: CounterDeltas): void {
    for (const key of bucketsOf(at, channel, campaignId)) {
      const id = bucketId(key);
      let row = this.counters.get(id);
      if (row === undefined) {
        row = { key, counters: zeros() };
        this.counters.set(id, row);
      }
      for (const [counter, delta] of Object.entries(deltas) as [BucketCounter, number][]) {
        row.counters[counter] += delta;
      }
    }
  }

  member(at: Date, channel: string, campaignId: string, role: CustomerRole, customerId: string) {
    for (const key of bucketsOf(at, channel, campaignId)) {
      this.members.set(`${bucketId(key)}|${role}|${customerId}`, { key, role, customerId });
    }
  }

  counterRows(): CounterRow[] {
    return [...this.counters.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
  }

  memberRows(): MemberRow[] {
    return [...this.members.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
  }
}
