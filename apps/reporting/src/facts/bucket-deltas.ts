import {
  BUCKET_COUNTERS,
  bucketStartMs,
  GRAINS,
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
 *
 * Called several times per event: a bucket is identified by its start in epoch milliseconds
 * (13 digits from 2001 to 2286, so the ids sort as the ISO times did), and its key object is
 * made only when the bucket is first seen.
 */
export class BucketDeltas {
  private readonly counters = new Map<string, CounterRow>();
  private readonly members = new Map<string, MemberRow>();

  add(at: Date, channel: string, campaignId: string, deltas: CounterDeltas): void {
    const atMs = at.getTime();
    for (const grain of GRAINS) {
      const startMs = bucketStartMs(atMs, grain);
      const id = `${grain}|${startMs}|${channel}|${campaignId}`;
      let row = this.counters.get(id);
      if (row === undefined) {
        row = { key: keyOf(grain, startMs, channel, campaignId), counters: zeros() };
        this.counters.set(id, row);
      }
      for (const counter in deltas) {
        row.counters[counter as BucketCounter] += deltas[counter as BucketCounter] as number;
      }
    }
  }

  member(at: Date, channel: string, campaignId: string, role: CustomerRole, customerId: string) {
    const atMs = at.getTime();
    for (const grain of GRAINS) {
      const startMs = bucketStartMs(atMs, grain);
      const id = `${grain}|${startMs}|${channel}|${campaignId}|${role}|${customerId}`;
      if (!this.members.has(id))
        this.members.set(id, {
          key: keyOf(grain, startMs, channel, campaignId),
          role,
          customerId,
        });
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

const keyOf = (
  grain: BucketKey['grain'],
  startMs: number,
  channel: string,
  campaignId: string,
): BucketKey => ({ grain, bucketStart: new Date(startMs), channel, campaignId });
