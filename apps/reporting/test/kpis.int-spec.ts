import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import {
  placed,
  profileChange,
  resolved,
  startReporting,
  cny,
  type KpiAnswer,
} from './support/reporting-harness';

describe('incremental KPIs through Kafka', () => {
  const reporting = useHarness(startReporting);

  const kpis = (campaign: string, extra = '') =>
    reporting.get<KpiAnswer>(
      `/v1/kpis?campaign=${campaign}&from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z${extra}`,
    );

  it('counts orders, GMV, buyers, visitors and the funnel stages per channel and day, as events arrive', async () => {
    const campaign = `c-${randomUUID()}`;
    const [ann, bob] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const on = { campaignId: campaign };
    const events = [
      resolved('page.viewed', ann, { ...on, at: '2026-03-02T09:00:00Z' }),
      resolved('product.viewed', ann, { ...on, at: '2026-03-02T09:01:00Z' }),
      resolved('cart.item-added', ann, { ...on, at: '2026-03-02T09:02:00Z' }),
      resolved('checkout.started', ann, { ...on, at: '2026-03-02T09:03:00Z' }),
      placed(ann, `o-${randomUUID()}`, 30_000, { ...on, at: '2026-03-02T09:04:00Z' }),
      placed(ann, `o-${randomUUID()}`, 10_001, { ...on, at: '2026-03-02T21:00:00Z' }),
      resolved('page.viewed', bob, { ...on, at: '2026-03-02T10:00:00Z', channel: 'tmall' }),
      placed(bob, `o-${randomUUID()}`, 5_000, {
        ...on,
        at: '2026-03-03T01:00:00Z',
        channel: 'tmall',
      }),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);

    const { status, body } = await kpis(
      campaign,
      '&groupBy=channel&interval=day&metrics=orders,gmvGross,buyers,visitors,aov,conversionRate,pageViews,productViews,cartAdds,checkouts',
    );
    expect(status).toBe(200);
    expect(body.currency).toBe('CNY');
    expect(body.rows).toEqual([
      {
        bucketStart: '2026-03-02T00:00:00.000Z',
        channel: 'tmall',
        metrics: {
          orders: 0,
          gmvGross: 0,
          buyers: 0,
          visitors: 1,
          aov: null,
          conversionRate: 0,
          pageViews: 1,
          productViews: 0,
          cartAdds: 0,
          checkouts: 0,
        },
      },
      {
        bucketStart: '2026-03-02T00:00:00.000Z',
        channel: 'web',
        metrics: {
          orders: 2,
          gmvGross: 40_001,
          buyers: 1,
          visitors: 1,
          aov: 20_001,
          conversionRate: 1,
          pageViews: 1,
          productViews: 1,
          cartAdds: 1,
          checkouts: 1,
        },
      },
      {
        bucketStart: '2026-03-03T00:00:00.000Z',
        channel: 'tmall',
        metrics: {
          orders: 1,
          gmvGross: 5_000,
          buyers: 1,
          visitors: 1,
          aov: 5_000,
          conversionRate: 1,
          pageViews: 0,
          productViews: 0,
          cartAdds: 0,
          checkouts: 0,
        },
      },
    ]);
    expect(Date.parse(body.freshness.eventTime!)).toBeGreaterThanOrEqual(
      Date.parse('2026-03-03T01:00:00Z'),
    );
    expect(body.freshness.appliedAt).not.toBeNull();
  });

  it('cuts days in the requested time zone: 21:00 UTC is the next day in Shanghai', async () => {
    const campaign = `c-${randomUUID()}`;
    const ann = `cus-${randomUUID()}`;
    const events = [
      placed(ann, `o-${randomUUID()}`, 1_000, { campaignId: campaign, at: '2026-03-02T09:00:00Z' }),
      placed(ann, `o-${randomUUID()}`, 2_000, { campaignId: campaign, at: '2026-03-02T21:00:00Z' }),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
    const utc = await kpis(campaign, '&metrics=orders,gmvGross');
    expect(utc.body.rows).toEqual([
      { bucketStart: '2026-03-02T00:00:00.000Z', metrics: { orders: 2, gmvGross: 3_000 } },
    ]);
    const shanghai = await kpis(campaign, '&metrics=orders,gmvGross&tz=Asia/Shanghai');
    expect(shanghai.body.rows).toEqual([
      { bucketStart: '2026-03-01T16:00:00.000Z', metrics: { orders: 1, gmvGross: 1_000 } },
      { bucketStart: '2026-03-02T16:00:00.000Z', metrics: { orders: 1, gmvGross: 2_000 } },
    ]);
    const hourly = await kpis(campaign, '&metrics=orders&interval=hour');
    expect(hourly.body.rows.map((row) => [row.bucketStart, row.metrics['orders']])).toEqual([
      ['2026-03-02T09:00:00.000Z', 1],
      ['2026-03-02T21:00:00.000Z', 1],
    ]);
  });

  it('a late event restates the bucket of its own event time and leaves the others alone', async () => {
    const campaign = `c-${randomUUID()}`;
    const ann = `cus-${randomUUID()}`;
    const today = placed(ann, `o-${randomUUID()}`, 7_000, {
      campaignId: campaign,
      at: '2026-03-05T12:00:00Z',
    });
    await reporting.send(reporting.topics.resolvedEvents, today);
    await reporting.applied(today);
    const before = await kpis(campaign, '&metrics=orders,gmvGross');
    expect(before.body.rows).toEqual([
      { bucketStart: '2026-03-05T00:00:00.000Z', metrics: { orders: 1, gmvGross: 7_000 } },
    ]);
    const late = placed(ann, `o-${randomUUID()}`, 3_000, {
      campaignId: campaign,
      at: '2026-03-03T08:00:00Z',
    });
    await reporting.send(reporting.topics.resolvedEvents, late);
    await reporting.applied(late);
    const after = await kpis(campaign, '&metrics=orders,gmvGross,newBuyers,returningBuyers');
    expect(after.body.rows).toEqual([
      {
        bucketStart: '2026-03-03T00:00:00.000Z',
        metrics: { orders: 1, gmvGross: 3_000, newBuyers: 1, returningBuyers: 0 },
      },
      // The late order was this buyer's first: on the 5th they now count as returning.
      {
        bucketStart: '2026-03-05T00:00:00.000Z',
        metrics: { orders: 1, gmvGross: 7_000, newBuyers: 0, returningBuyers: 1 },
      },
    ]);
  });

  it('a redelivered event counts once, also when a new consumer group reads it again', async () => {
    const campaign = `c-${randomUUID()}`;
    const ann = `cus-${randomUUID()}`;
    const order = placed(ann, `o-${randomUUID()}`, 4_200, {
      campaignId: campaign,
      at: '2026-03-04T10:00:00Z',
    });
    const view = resolved('page.viewed', ann, { campaignId: campaign, at: '2026-03-04T09:00:00Z' });
    await reporting.send(reporting.topics.resolvedEvents, order, view, order, view);
    await reporting.applied(order, view);
    const marker = resolved('product.viewed', ann, {
      campaignId: campaign,
      at: '2026-03-04T11:00:00Z',
    });
    await reporting.send(reporting.topics.resolvedEvents, marker);
    await reporting.applied(marker);
    const once = { orders: 1, gmvGross: 4_200, pageViews: 1, events: 3 };
    expect((await kpis(campaign, '&metrics=orders,gmvGross,pageViews,events')).body.rows).toEqual([
      { bucketStart: '2026-03-04T00:00:00.000Z', metrics: once },
    ]);

    // A new group reads the whole topic again: its inbox is empty, the stored event keys are not.
    await reporting.restart({ REPORTING_CONSUMER_GROUP: `reporting-replay-${randomUUID()}` });
    const second = resolved('product.viewed', ann, {
      campaignId: campaign,
      at: '2026-03-04T12:00:00Z',
    });
    await reporting.send(reporting.topics.resolvedEvents, second);
    await reporting.applied(second);
    expect((await kpis(campaign, '&metrics=orders,gmvGross,pageViews,events')).body.rows).toEqual([
      { bucketStart: '2026-03-04T00:00:00.000Z', metrics: { ...once, events: 4 } },
    ]);
  });

  it('the same order placed under two event ids counts once', async () => {
    const campaign = `c-${randomUUID()}`;
    const ann = `cus-${randomUUID()}`;
    const orderId = `o-${randomUUID()}`;
    const first = placed(ann, orderId, 9_900, { campaignId: campaign, at: '2026-03-04T10:00:00Z' });
    const copy = placed(ann, orderId, 9_900, { campaignId: campaign, at: '2026-03-04T10:00:00Z' });
    await reporting.send(reporting.topics.resolvedEvents, first, copy);
    await reporting.applied(first, copy);
    expect((await kpis(campaign, '&metrics=orders,gmvGross')).body.rows).toEqual([
      { bucketStart: '2026-03-04T00:00:00.000Z', metrics: { orders: 1, gmvGross: 9_900 } },
    ]);
  });

  it('refunds and cancellations count on their own day under the order’s channel and campaign, even when they arrive before the order', async () => {
    const campaign = `c-${randomUUID()}`;
    const ann = `cus-${randomUUID()}`;
    const [kept, refundedOrder, cancelledOrder] = [1, 2, 3].map(() => `o-${randomUUID()}`);
    // The refund and cancellation carry no campaign; the order they reverse does.
    const refund = resolved('order.refunded', ann, {
      at: '2026-03-06T10:00:00Z',
      payload: { orderId: refundedOrder, amount: cny(2_500) },
    });
    const cancel = resolved('order.cancelled', ann, {
      at: '2026-03-06T11:00:00Z',
      payload: { orderId: cancelledOrder },
    });
    await reporting.send(reporting.topics.resolvedEvents, refund, cancel);
    await reporting.applied(refund, cancel);
    expect((await kpis(campaign, '&metrics=refunds')).body.rows).toEqual([]);

    const orders = [
      placed(ann, kept, 10_000, { campaignId: campaign, at: '2026-03-05T10:00:00Z' }),
      placed(ann, refundedOrder, 6_000, { campaignId: campaign, at: '2026-03-05T11:00:00Z' }),
      placed(ann, cancelledOrder, 4_000, { campaignId: campaign, at: '2026-03-05T12:00:00Z' }),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...orders);
    await reporting.applied(...orders);
    const { body } = await kpis(
      campaign,
      '&metrics=gmvGross,gmvNet,refunds,refundedAmount,cancellations,cancelledAmount',
    );
    expect(body.rows).toEqual([
      {
        bucketStart: '2026-03-05T00:00:00.000Z',
        metrics: {
          gmvGross: 20_000,
          gmvNet: 20_000,
          refunds: 0,
          refundedAmount: 0,
          cancellations: 0,
          cancelledAmount: 0,
        },
      },
      {
        bucketStart: '2026-03-06T00:00:00.000Z',
        metrics: {
          gmvGross: 0,
          gmvNet: -6_500,
          refunds: 1,
          refundedAmount: 2_500,
          cancellations: 1,
          cancelledAmount: 4_000,
        },
      },
    ]);
    const total = await reporting.get<KpiAnswer>(
      `/v1/kpis?campaign=${campaign}&from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z&metrics=gmvNet&interval=day&tz=UTC`,
    );
    expect(total.body.rows.reduce((sum, row) => sum + row.metrics['gmvNet']!, 0)).toBe(13_500);
  });

  it('a merge does not count one person twice: the survivor is one visitor and one buyer of the day', async () => {
    const campaign = `c-${randomUUID()}`;
    const [web, mini] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const events = [
      resolved('page.viewed', web, { campaignId: campaign, at: '2026-03-07T08:00:00Z' }),
      resolved('page.viewed', mini, { campaignId: campaign, at: '2026-03-07T08:30:00Z' }),
      placed(mini, `o-${randomUUID()}`, 8_800, {
        campaignId: campaign,
        at: '2026-03-07T09:00:00Z',
      }),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
    const metrics = '&metrics=visitors,buyers,conversionRate,orders';
    expect((await kpis(campaign, metrics)).body.rows[0].metrics).toEqual({
      visitors: 2,
      buyers: 1,
      conversionRate: 0.5,
      orders: 1,
    });

    const merge = profileChange('profile.merged', web, {
      survivorId: web,
      mergedIds: [mini],
      version: 2,
    });
    await reporting.send(reporting.topics.profileChanges, merge);
    await reporting.applied(merge);
    expect((await kpis(campaign, metrics)).body.rows[0].metrics).toEqual({
      visitors: 1,
      buyers: 1,
      conversionRate: 1,
      orders: 1,
    });
    // An event resolved to the merged id before the merge, delivered after it, joins the survivor.
    const late = resolved('product.viewed', mini, {
      campaignId: campaign,
      at: '2026-03-07T10:00:00Z',
    });
    await reporting.send(reporting.topics.resolvedEvents, late);
    await reporting.applied(late);
    expect((await kpis(campaign, metrics)).body.rows[0].metrics).toEqual({
      visitors: 1,
      buyers: 1,
      conversionRate: 1,
      orders: 1,
    });
    const owners: { customer_id: string }[] = await reporting.dataSource.query(
      `SELECT DISTINCT customer_id FROM events WHERE campaign_id = $1`,
      [campaign],
    );
    expect(owners).toEqual([{ customer_id: web }]);
  });

  it('spend of a day is its latest figure, whatever order they arrive in; CAC is spend over new buyers; touches and clicks give the CTR', async () => {
    const campaign = `c-${randomUUID()}`;
    const spend = (cost: number, occurredAt: string) => ({
      ...resolved('marketing.spend', `unused`, { at: occurredAt, channel: 'douyin' }),
      customerId: undefined,
      payload: {
        date: '2026-03-02',
        campaignId: campaign,
        source: 'douyin',
        medium: 'cpc',
        cost: cny(cost),
      },
    });
    const latest = spend(90_000, '2026-03-02T23:00:00Z');
    const earlier = spend(50_000, '2026-03-02T12:00:00Z');
    const [ann, bob] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const touch = (customerId: string, touchType: string) =>
      resolved('marketing.touch', customerId, {
        at: '2026-03-02T08:00:00Z',
        channel: 'douyin',
        payload: { touchType, campaignId: campaign },
      });
    const events = [
      latest,
      earlier,
      touch(ann, 'impression'),
      touch(ann, 'click'),
      touch(bob, 'impression'),
      touch(bob, 'impression'),
      placed(ann, `o-${randomUUID()}`, 20_000, {
        campaignId: campaign,
        channel: 'douyin',
        at: '2026-03-02T09:00:00Z',
      }),
      placed(bob, `o-${randomUUID()}`, 30_000, {
        campaignId: campaign,
        channel: 'douyin',
        at: '2026-03-02T10:00:00Z',
      }),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
    const { body } = await kpis(
      campaign,
      '&metrics=spend,newBuyers,cac,touches,clicks,ctr,roas,roi',
    );
    expect(body.rows).toEqual([
      {
        bucketStart: '2026-03-02T00:00:00.000Z',
        // ROAS 50,000 / 90,000; ROI (50,000 × (1 − 0.6) − 90,000) / 90,000 with the default cost rate.
        metrics: {
          spend: 90_000,
          newBuyers: 2,
          cac: 45_000,
          touches: 4,
          clicks: 1,
          ctr: 0.25,
          roas: 50_000 / 90_000,
          roi: -70_000 / 90_000,
        },
      },
    ]);
    const hourly = await kpis(campaign, '&metrics=spend&interval=hour');
    expect(hourly.body.rows.every((row) => row.metrics['spend'] === null)).toBe(true);
  });

  it('a message that is not a valid event goes to the dead-letter topic and the next one is applied', async () => {
    const campaign = `c-${randomUUID()}`;
    const ann = `cus-${randomUUID()}`;
    await reporting.producer.send(reporting.topics.resolvedEvents, [
      { key: ann, value: '{"type":"order.placed"' },
      { key: ann, value: JSON.stringify({ eventId: 'x', type: 'order.placed', version: 1 }) },
    ]);
    const next = placed(ann, `o-${randomUUID()}`, 1_234, {
      campaignId: campaign,
      at: '2026-03-04T10:00:00Z',
    });
    await reporting.send(reporting.topics.resolvedEvents, next);
    await reporting.applied(next);
    expect((await kpis(campaign, '&metrics=orders')).body.rows[0].metrics).toEqual({ orders: 1 });
    const dead = await reporting.count(`SELECT count(*) AS n FROM dead_letters WHERE topic = $1`, [
      reporting.topics.resolvedEvents,
    ]);
    expect(dead).toBe(2);
  });

  describe('bad queries answer 4xx and change nothing', () => {
    it.each([
      ['an unknown metric', 'metrics=orders,bogus'],
      ['an unknown dimension', 'groupBy=sku'],
      ['an unknown interval', 'interval=week'],
      ['a malformed time', 'from=yesterday'],
      ['from after to', 'from=2026-03-09T00:00:00Z'],
      ['an unknown time zone', 'tz=Mars/Olympus'],
    ])('%s is invalid_request', async (_, param) => {
      const params = new URLSearchParams({
        from: '2026-03-01T00:00:00Z',
        to: '2026-03-08T00:00:00Z',
      });
      const [name, value] = param.split('=');
      params.set(name, value);
      const { status, body } = await reporting.get<{ code: string; message: string }>(
        `/v1/kpis?${params.toString()}`,
      );
      expect(status).toBe(400);
      expect(body.code).toBe('invalid_request');
    });

    it('a range of more buckets than allowed is range_too_large', async () => {
      const { status, body } = await reporting.get<{ code: string; message: string }>(
        '/v1/kpis?interval=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      );
      expect(status).toBe(400);
      expect(body.code).toBe('range_too_large');
      expect(body.message).toContain('REPORTING_KPI_MAX_BUCKETS');
    });

    it('no admin token is 401', async () => {
      const response = await reporting.app.inject({
        method: 'GET',
        url: '/v1/kpis?from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z',
      });
      expect(response.statusCode).toBe(401);
    });
  });
});
