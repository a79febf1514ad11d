import fc from 'fast-check';
import { BucketDeltas } from './bucket-deltas';
import {
  BUCKET_COUNTERS,
  GRAINS,
  type BucketCounter,
  type BucketKey,
  type CounterDeltas,
  type CustomerRole,
} from './event-facts';

type Call =
  | { kind: 'add'; at: Date; channel: string; campaignId: string; deltas: CounterDeltas }
  | {
      kind: 'member';
      at: Date;
      channel: string;
      campaignId: string;
      role: CustomerRole;
      customerId: string;
    };

/** The plain summation BucketDeltas replaced: Date keys, ISO ids, entries per delta. */
function oracle(calls: readonly Call[]) {
  const size = { hour: 3_600_000, day: 86_400_000 };
  const keys = (at: Date, channel: string, campaignId: string): BucketKey[] =>
    GRAINS.map((grain) => ({
      grain,
      bucketStart: new Date(Math.floor(at.getTime() / size[grain]) * size[grain]),
      channel,
      campaignId,
    }));
  const id = (key: BucketKey) =>
    `${key.grain}|${key.bucketStart.toISOString()}|${key.channel}|${key.campaignId}`;
  const counters = new Map<string, { key: BucketKey; counters: Record<string, number> }>();
  const members = new Map<string, { key: BucketKey; role: CustomerRole; customerId: string }>();
  for (const call of calls) {
    for (const key of keys(call.at, call.channel, call.campaignId)) {
      if (call.kind === 'member') {
        const { role, customerId } = call;
        members.set(`${id(key)}|${role}|${customerId}`, { key, role, customerId });
        continue;
      }
      const row = counters.get(id(key)) ?? {
        key,
        counters: Object.fromEntries(BUCKET_COUNTERS.map((c) => [c, 0])),
      };
      counters.set(id(key), row);
      for (const [counter, delta] of Object.entries(call.deltas)) row.counters[counter] += delta;
    }
  }
  const sorted = <T>(map: Map<string, T>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  return { counterRows: sorted(counters), memberRows: sorted(members) };
}

// Bucket ids sort by their start's epoch milliseconds, 13 digits from 2001 to 2286.
const instant = fc.date({
  min: new Date('2001-09-10T00:00:00.000Z'),
  max: new Date('2100-01-01T00:00:00.000Z'),
  noInvalidDate: true,
});
// Few values, so calls share buckets; '|' as the ids' separator may occur in names too.
const channel = fc.constantFrom('web', 'tmall', 'douyin', 'we|chat');
const campaign = fc.constantFrom('', 'spring', 'c-1', 'a|b');
const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    at: instant,
    channel,
    campaignId: campaign,
    deltas: fc.dictionary(
      fc.constantFrom<BucketCounter>(...BUCKET_COUNTERS),
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
    ) as fc.Arbitrary<CounterDeltas>,
  }),
  fc.record({
    kind: fc.constant('member' as const),
    at: instant,
    channel,
    campaignId: campaign,
    role: fc.constantFrom<CustomerRole>('visitor', 'buyer', 'respondent', 'contact'),
    customerId: fc.constantFrom('cus-1', 'cus-2', 'cus-3'),
  }),
);

describe('BucketDeltas', () => {
  it('sums and orders exactly as summing per Date key and ISO id does', () => {
    fc.assert(
      fc.property(fc.array(call, { maxLength: 60 }), (calls) => {
        const deltas = new BucketDeltas();
        for (const c of calls) {
          if (c.kind === 'add') deltas.add(c.at, c.channel, c.campaignId, c.deltas);
          else deltas.member(c.at, c.channel, c.campaignId, c.role, c.customerId);
        }
        const expected = oracle(calls);
        expect(deltas.counterRows()).toEqual(expected.counterRows);
        expect(deltas.memberRows()).toEqual(expected.memberRows);
      }),
      { numRuns: 300 },
    );
  });

  it('an event counts in its UTC hour and its UTC day', () => {
    const deltas = new BucketDeltas();
    deltas.add(new Date('2026-03-03T23:59:59.999Z'), 'web', '', { orders: 1, gmv: 500 });
    deltas.add(new Date('2026-03-03T23:00:00.000Z'), 'web', '', { orders: 1, gmv: 300 });
    expect(
      deltas
        .counterRows()
        .map(({ key, counters }) => [
          key.grain,
          key.bucketStart.toISOString(),
          counters.orders,
          counters.gmv,
        ]),
    ).toEqual([
      ['day', '2026-03-03T00:00:00.000Z', 2, 800],
      ['hour', '2026-03-03T23:00:00.000Z', 2, 800],
    ]);
  });
});
