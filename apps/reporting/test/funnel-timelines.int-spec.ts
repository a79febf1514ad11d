import { randomUUID } from 'node:crypto';
import { eventually, useHarness } from '@omni/testing';
import {
  eventKeyOf,
  placed,
  profileChange,
  resolved,
  startReporting,
  type TestEvent,
} from './support/reporting-harness';

type FunnelAnswer = { steps: { customers: number }[] };

describe('funnels read each customer’s timeline, kept with their events', () => {
  const reporting = useHarness(() => startReporting({ REPORTING_FUNNEL_MAX_CUSTOMERS: '3' }));

  const deliver = async (...events: TestEvent[]) => {
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
  };
  const change = async (event: TestEvent) => {
    await reporting.send(reporting.topics.profileChanges, event);
    await reporting.applied(event);
  };
  /** Entries per month of one customer's timeline. */
  const timeline = async (customerId: string) =>
    (
      (await reporting.dataSource.query(
        `SELECT to_char(month, 'YYYY-MM') AS month, octet_length(entries) / 16 AS n
           FROM timelines WHERE customer_id = $1 ORDER BY month`,
        [customerId],
      )) as { month: string; n: number }[]
    ).map((row) => [row.month, row.n]);
  const funnel = async (body: Record<string, unknown>) => {
    const { status, body: answer } = await reporting.post<FunnelAnswer>('/v1/funnels/query', body);
    expect(status).toBe(200);
    return answer.steps.map((s) => s.customers);
  };
  const pageProductCart = [
    { types: ['page.viewed'] },
    { types: ['product.viewed'] },
    { types: ['cart.item-added'] },
  ];

  it('a redelivered event, even to a new consumer group, is on the timeline once and counted once', async () => {
    const customer = `cus-${randomUUID()}`;
    const events = [
      resolved('page.viewed', customer, { at: '2026-03-03T10:01:00Z' }),
      resolved('product.viewed', customer, { at: '2026-03-03T10:02:00Z' }),
      resolved('cart.item-added', customer, { at: '2026-03-03T10:03:00Z' }),
    ];
    await deliver(...events);
    const query = {
      steps: pageProductCart,
      from: '2026-03-03T00:00:00Z',
      to: '2026-03-04T00:00:00Z',
    };
    expect(await funnel(query)).toEqual([1, 1, 1]);
    expect(await timeline(customer)).toEqual([['2026-03', 3]]);

    // A new group reads the topic again from its start: the stored events' keys turn it away.
    const group = `reporting-again-${randomUUID()}`;
    await reporting.restart({ REPORTING_CONSUMER_GROUP: group });
    await eventually(async () => {
      const rows: { n: number }[] = await reporting.dataSource.query(
        `SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1 AND event_id = ANY($2::text[])`,
        [group, events.map(eventKeyOf)],
      );
      return rows[0].n === events.length ? true : undefined;
    }, 'the events redelivered to the new group');
    expect(await timeline(customer)).toEqual([['2026-03', 3]]);
    expect(await funnel(query)).toEqual([1, 1, 1]);
  });

  it('a merge folds the merged id’s timeline into the survivor’s, a split moves the events back, an erasure deletes it', async () => {
    const [web, mini] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const at = (minute: number) => new Date(Date.UTC(2026, 3, 7, 10, minute)).toISOString();
    const theirs = [
      resolved('cart.item-added', mini, { at: at(3), channel: 'wechat-miniprogram' }),
      placed(mini, `o-${randomUUID()}`, 5_000, { at: at(4), channel: 'wechat-miniprogram' }),
    ];
    await deliver(
      resolved('page.viewed', web, { at: at(1) }),
      resolved('product.viewed', web, { at: at(2) }),
      ...theirs,
    );
    // The default funnel, awareness → interest → consideration → conversion, by channel.
    const query = { from: '2026-04-07T00:00:00Z', to: '2026-04-08T00:00:00Z' };
    expect(await funnel(query)).toEqual([1, 1, 0, 0]);

    await change(
      profileChange('profile.merged', web, { survivorId: web, mergedIds: [mini], version: 2 }),
    );
    expect(await timeline(web)).toEqual([['2026-04', 4]]);
    expect(await timeline(mini)).toEqual([]);
    expect(await funnel(query)).toEqual([1, 1, 1, 1]);

    await change(
      profileChange(
        'profile.split',
        web,
        {
          fromId: web,
          newIds: [mini],
          version: 3,
          part: 1,
          parts: 1,
          moves: [{ customerId: mini, eventKeys: theirs.map(eventKeyOf) }],
        },
        2,
      ),
    );
    expect(await timeline(web)).toEqual([['2026-04', 2]]);
    expect(await timeline(mini)).toEqual([['2026-04', 2]]);
    expect(await funnel(query)).toEqual([1, 1, 0, 0]);

    await change(profileChange('profile.erased', web, { customerId: web, version: 4 }));
    expect(await timeline(web)).toEqual([]);
    expect(await funnel(query)).toEqual([0, 0, 0, 0]);
  });

  it('a late event takes its place in time, in its own month or an earlier one', async () => {
    const customer = `cus-${randomUUID()}`;
    await deliver(
      resolved('product.viewed', customer, { at: '2026-06-01T00:00:10Z' }),
      resolved('cart.item-added', customer, { at: '2026-06-01T00:02:00Z' }),
    );
    const query = (mode: string) =>
      funnel({
        steps: pageProductCart,
        mode,
        windowMinutes: 5,
        from: '2026-05-31T23:00:00Z',
        to: '2026-06-01T01:00:00Z',
      });
    expect(await query('strict')).toEqual([0, 0, 0]);

    // Late, and in May: the first step, before the events already stored.
    await deliver(resolved('page.viewed', customer, { at: '2026-05-31T23:59:50Z' }));
    expect(await timeline(customer)).toEqual([
      ['2026-05', 1],
      ['2026-06', 2],
    ]);
    expect(await query('strict')).toEqual([1, 1, 1]);

    // Late, in June, between product and cart: appended after the cart, read before it.
    await deliver(resolved('search.performed', customer, { at: '2026-06-01T00:01:00Z' }));
    expect(await timeline(customer)).toEqual([
      ['2026-05', 1],
      ['2026-06', 3],
    ]);
    expect(await query('strict')).toEqual([1, 1, 0]);
    expect(await query('ordered')).toEqual([1, 1, 1]);
  });

  it('a range of more customers than REPORTING_FUNNEL_MAX_CUSTOMERS is range_too_large, with or without payload filters', async () => {
    const at = '2026-08-09T10:00:00Z';
    await deliver(
      ...Array.from({ length: 4 }, () => resolved('page.viewed', `cus-${randomUUID()}`, { at })),
    );
    const range = { from: '2026-08-09T00:00:00Z', to: '2026-08-10T00:00:00Z' };
    for (const steps of [
      pageProductCart,
      [pageProductCart[0], { types: ['product.viewed'], where: { sku: 'ANY' } }],
    ]) {
      const { status, body } = await reporting.post<{ code: string }>('/v1/funnels/query', {
        ...range,
        steps,
      });
      expect(status).toBe(400);
      expect(body.code).toBe('range_too_large');
    }
  });
});
