import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import {
  eventKeyOf,
  placed,
  profileChange,
  resolved,
  startReporting,
  type KpiAnswer,
  type TestEvent,
} from './support/reporting-harness';

type Export = {
  customerId: string;
  erased: boolean;
  mergedIds: string[];
  events: { eventKey: string; type: string }[];
  orders: { orderId: string; total: number }[];
  touches: unknown[];
  exposures: { experimentId: string; variant: string }[];
};

describe('identity changes and privacy', () => {
  const reporting = useHarness(startReporting);

  const deliver = async (topic: string, ...events: TestEvent[]) => {
    await reporting.send(topic, ...events);
    await reporting.applied(...events);
  };
  const day = (campaign: string) =>
    reporting
      .get<KpiAnswer>(
        `/v1/kpis?campaign=${campaign}&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&metrics=visitors,buyers,orders,gmvGross`,
      )
      .then((r) => r.body.rows[0]?.metrics);
  const exported = (customerId: string) =>
    reporting.get<Export>(`/v1/customers/${customerId}/export`).then((r) => r.body);

  it('a split moves the listed events (and their orders) to the new id and counts two people again', async () => {
    const campaign = `c-${randomUUID()}`;
    const [from, split] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const on = { campaignId: campaign };
    const mine = [
      resolved('page.viewed', from, { ...on, at: '2026-11-01T08:00:00Z' }),
      placed(from, `o-${randomUUID()}`, 1_000, { ...on, at: '2026-11-01T08:10:00Z' }),
    ];
    const theirs = [
      resolved('page.viewed', from, { ...on, at: '2026-11-01T09:00:00Z' }),
      placed(from, `o-${randomUUID()}`, 2_000, { ...on, at: '2026-11-01T09:10:00Z' }),
    ];
    await deliver(reporting.topics.resolvedEvents, ...mine, ...theirs);
    expect(await day(campaign)).toEqual({ visitors: 1, buyers: 1, orders: 2, gmvGross: 3_000 });

    const change = profileChange(
      'profile.split',
      from,
      {
        fromId: from,
        newIds: [split],
        version: 3,
        part: 1,
        parts: 1,
        moves: [{ customerId: split, eventKeys: theirs.map(eventKeyOf) }],
      },
      2,
    );
    await deliver(reporting.topics.profileChanges, change);
    expect(await day(campaign)).toEqual({ visitors: 2, buyers: 2, orders: 2, gmvGross: 3_000 });
    const [a, b] = [await exported(from), await exported(split)];
    expect(a.events.map((e) => e.eventKey).sort()).toEqual(mine.map(eventKeyOf).sort());
    expect(b.events.map((e) => e.eventKey).sort()).toEqual(theirs.map(eventKeyOf).sort());
    expect(b.orders.map((o) => o.total)).toEqual([2_000]);
  });

  it('an erasure deletes the person’s rows, keeps anonymous aggregates, and drops their late events', async () => {
    const campaign = `c-${randomUUID()}`;
    const [gone, stays] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const on = { campaignId: campaign };
    await deliver(
      reporting.topics.resolvedEvents,
      resolved('page.viewed', gone, {
        ...on,
        at: '2026-11-01T08:00:00Z',
        experiments: { 'exp-erase': 'b' },
      }),
      resolved('marketing.touch', gone, {
        at: '2026-11-01T07:00:00Z',
        payload: { touchType: 'click', campaignId: campaign },
      }),
      placed(gone, `o-${randomUUID()}`, 5_000, { ...on, at: '2026-11-01T08:30:00Z' }),
      resolved('page.viewed', stays, { ...on, at: '2026-11-01T08:00:00Z' }),
    );
    const before = await exported(gone);
    expect([
      before.events.length,
      before.orders.length,
      before.touches.length,
      before.exposures.length,
    ]).toEqual([3, 1, 1, 1]);
    const aggregates = await day(campaign);
    expect(aggregates).toEqual({ visitors: 2, buyers: 1, orders: 1, gmvGross: 5_000 });

    await deliver(
      reporting.topics.profileChanges,
      profileChange('profile.erased', gone, { customerId: gone, version: 4 }),
    );
    const after = await exported(gone);
    expect(after).toMatchObject({
      erased: true,
      events: [],
      orders: [],
      touches: [],
      exposures: [],
    });
    expect(await day(campaign)).toEqual(aggregates);
    const identifying = await reporting.count(
      `SELECT count(*) AS n FROM kpi_bucket_customers WHERE customer_id = $1`,
      [gone],
    );
    expect(identifying).toBe(0);

    // A late event resolved to the erased id is not stored again.
    const late = resolved('product.viewed', gone, { ...on, at: '2026-11-01T10:00:00Z' });
    await deliver(reporting.topics.resolvedEvents, late);
    expect((await exported(gone)).events).toEqual([]);
    expect(await day(campaign)).toEqual(aggregates);
  });

  it('the export lists what reporting holds, with the ids merged into the customer', async () => {
    const [survivor, merged] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    await deliver(
      reporting.topics.resolvedEvents,
      resolved('page.viewed', merged, {
        at: '2026-11-01T08:00:00Z',
        experiments: { 'exp-x': 'a' },
      }),
      placed(survivor, `o-${randomUUID()}`, 3_000, { at: '2026-11-01T09:00:00Z' }),
    );
    await deliver(
      reporting.topics.profileChanges,
      profileChange('profile.merged', survivor, {
        survivorId: survivor,
        mergedIds: [merged],
        version: 2,
      }),
    );
    const body = await exported(survivor);
    expect(body.mergedIds).toEqual([merged]);
    expect(body.events.map((e) => e.type).sort()).toEqual(['order.placed', 'page.viewed']);
    expect(body.exposures).toEqual([
      expect.objectContaining({ experimentId: 'exp-x', variant: 'a' }),
    ]);
    expect((await exported(merged)).events).toEqual([]);
    const bad = await reporting.get<{ code: string }>('/v1/customers/cus%01x/export');
    expect(bad.status).toBe(400);
  });
});
