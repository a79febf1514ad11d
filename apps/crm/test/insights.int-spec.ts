import { validateDownstreamEvent } from '@omni/contracts';
import { createTopicReader, type TopicMessage } from '@omni/messaging';
import { testInfra, useHarness } from '@omni/testing';
import { CustomerInsightsService } from '../src/insights/customer-insights.service';
import { InsightsAssessor } from '../src/insights/insights-assessor.service';
import {
  auth,
  eventually,
  processed,
  profileChange,
  resolvedEvent,
  startCrmHarness,
} from './support/crm-harness';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

const WIN_BACK = [
  {
    id: 'win-back',
    trigger: 'win-back',
    entry: 'entered-churn',
    exitOn: ['order.paid'],
    channel: 'sms',
    steps: [{ step: 'offer', after: '1s' }],
  },
];

type Published = {
  eventId: string;
  type: string;
  customerId: string;
  payload: Record<string, unknown>;
};

describe('RFM, lifecycle, value tier, churn reason, CLV and segments', () => {
  let insights: CustomerInsightsService;

  const h = useHarness(() =>
    startCrmHarness({
      CRM_JOURNEYS: JSON.stringify(WIN_BACK),
      CRM_INSIGHTS_ASSESSOR_ENABLED: 'false',
    }),
  );

  beforeAll(async () => {
    insights = h.app.get(CustomerInsightsService);
  });

  /** `orders` paid orders of `amount` each, the last `lastDaysAgo` days ago, a month apart. */
  const buyer = (customerId: string, orders: number, amount: number, lastDaysAgo = 2) =>
    Array.from({ length: orders }, (_, i) =>
      resolvedEvent('order.paid', customerId, {
        occurredAt: daysAgo(lastDaysAgo + i * 30),
        payload: { orderId: `${customerId}-o${i}`, amount: { amount, currency: 'CNY' } },
      }),
    );

  async function messagesOn(topic: string, until: (m: Published) => boolean) {
    const reader = await createTopicReader({
      brokers: testInfra().brokers,
      clientId: 'crm-test',
      topic,
      fromBeginning: true,
    });
    const valueOf = (m: TopicMessage) =>
      JSON.parse(m.value?.toString('utf8') ?? 'null') as Published;
    try {
      await reader.waitFor((m) => until(valueOf(m)));
      return reader.messages.map(valueOf);
    } finally {
      await reader.close();
    }
  }

  it('the scheduled assessment scores RFM quintiles, value tiers and CLV; a later order rescores its customer at once', async () => {
    const events = [
      ...buyer('cus_in_1', 1, 5_000, 200),
      ...buyer('cus_in_2', 1, 10_000, 120),
      ...buyer('cus_in_3', 2, 20_000, 40),
      ...buyer('cus_in_4', 3, 40_000, 10),
      ...buyer('cus_in_5', 6, 90_000, 1),
    ];
    await h.send(h.topics.resolvedEvents, ...events);
    await eventually(() => processed(h.db, events), 'the orders');
    await h.app.get(InsightsAssessor).assess();
    const top = await insights.summary('cus_in_5');
    expect(top).toMatchObject({
      rfm: { r: 5, f: 5, m: 5 },
      valueTier: 'high',
      lifecycle: 'active',
      clv: { currency: 'CNY', historicalMinor: 540_000 },
    });
    expect(top.clv?.predictedMinor).toBeGreaterThan(0);
    const bottom = await insights.summary('cus_in_1');
    expect(bottom).toMatchObject({
      rfm: { r: 1, f: 1, m: 1 },
      valueTier: 'low',
      lifecycle: 'churned-long',
    });
    expect(bottom.clv?.predictedMinor).toBeLessThan(top.clv?.predictedMinor ?? 0);
    // Five new orders, no assessment: scored against the stored quintiles.
    const more = buyer('cus_in_1', 5, 100_000, 0).map((e, i) => ({
      ...e,
      payload: { ...(e.payload as object), orderId: `cus_in_1-more-${i}` },
    }));
    await h.send(h.topics.resolvedEvents, ...more);
    await eventually(() => processed(h.db, more), 'the new orders');
    expect(await insights.summary('cus_in_1')).toMatchObject({
      rfm: { r: 5, m: 5 },
      valueTier: 'high',
      lifecycle: 'active',
    });
  });

  it('GET /v1/customers/{id} answers tier and points with segments, lifecycle, value tier, consent and CLV, and the export holds them', async () => {
    // cus_in_5 was scored by the first test's assessment.
    const customer = await eventually(async () => {
      const response = await h.app.inject({
        method: 'GET',
        url: '/v1/customers/cus_in_5',
        headers: auth,
      });
      return response.statusCode === 200 ? response.json() : undefined;
    }, 'crm to know cus_in_5');
    expect(customer).toMatchObject({
      tier: expect.any(String),
      points: { balance: expect.any(Number) },
      orders: { paid: 6 },
      rfm: { r: 5, f: 5, m: 5 },
      valueTier: 'high',
      lifecycle: 'active',
      segments: [],
      consent: [],
      clv: { currency: 'CNY', historicalMinor: 540_000 },
    });
    const exported = await h.app.inject({
      method: 'GET',
      url: '/v1/customers/cus_in_5/export',
      headers: auth,
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.json()).toMatchObject({
      customerId: 'cus_in_5',
      insights: { insights: { valueTier: 'high' }, journeys: { instances: expect.any(Array) } },
    });
  });

  it('a customer idle past the churn threshold by event time is churned, with an inferred reason, and win-back fires with segment, value tier and reason', async () => {
    await h.app.inject({
      method: 'PUT',
      url: '/v1/customers/cus_in_lapsed/consent',
      headers: auth,
      payload: {
        actor: 'test',
        consents: [{ channel: 'sms', purpose: 'marketing', granted: true }],
      },
    });
    const when = daysAgo(75);
    // The fixture's order used a coupon: a promotion-driven buyer.
    const placed = resolvedEvent('order.placed', 'cus_in_lapsed', {
      occurredAt: when,
      payload: { orderId: 'lapsed-1' },
    });
    const paid = resolvedEvent('order.paid', 'cus_in_lapsed', {
      occurredAt: when,
      payload: { orderId: 'lapsed-1' },
    });
    await h.send(h.topics.resolvedEvents, placed, paid);
    await eventually(() => processed(h.db, [placed, paid]), 'the old order');
    expect(await insights.summary('cus_in_lapsed')).toMatchObject({
      lifecycle: 'churned-short',
      churnReason: 'price-sensitive',
    });
    const messages = await messagesOn(
      h.topics.journeyTriggers,
      (m) => m.customerId === 'cus_in_lapsed',
    );
    const trigger = messages.find((m) => m.customerId === 'cus_in_lapsed');
    expect(validateDownstreamEvent(trigger)).toMatchObject({ ok: true });
    expect(trigger?.payload).toMatchObject({
      trigger: 'win-back',
      lifecycleStage: 'churned-short',
      churnReason: 'price-sensitive',
      valueTier: expect.any(String),
      segments: [],
    });
  });

  it('a churned customer who comes back, even just browsing, is active again', async () => {
    const visit = resolvedEvent('page.viewed', 'cus_in_lapsed');
    await h.send(h.topics.resolvedEvents, visit);
    await eventually(() => processed(h.db, [visit]), 'the visit');
    expect(await insights.summary('cus_in_lapsed')).toMatchObject({
      lifecycle: 'active',
      churnReason: null,
    });
  });

  it('refunds and complaints make a lapsed customer dissatisfied', async () => {
    const when = daysAgo(130);
    const events = [
      resolvedEvent('order.paid', 'cus_in_unhappy', {
        occurredAt: when,
        payload: { orderId: 'unhappy-1' },
      }),
      resolvedEvent('order.refunded', 'cus_in_unhappy', {
        occurredAt: when,
        payload: { orderId: 'unhappy-1' },
      }),
      resolvedEvent('service.contacted', 'cus_in_unhappy', {
        occurredAt: when,
        payload: { reason: 'complaint', satisfaction: 1 },
      }),
    ];
    await h.send(h.topics.resolvedEvents, ...events);
    await eventually(() => processed(h.db, events), 'the events');
    expect(await insights.summary('cus_in_unhappy')).toMatchObject({
      lifecycle: 'churned-mid',
      churnReason: 'dissatisfied',
    });
  });

  it('a segment is filled from current insights, pages its members, and publishes joins and leaves', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: auth,
      payload: {
        name: 'Active high value',
        actor: 'ops:li.wei',
        rule: {
          all: [
            { field: 'valueTier', op: 'eq', value: 'high' },
            { field: 'lifecycle', op: 'in', value: ['new', 'active'] },
          ],
        },
      },
    });
    expect(created.statusCode).toBe(201);
    const segment = created.json() as { segmentId: string; members: number };
    // cus_in_1 and cus_in_5 from the first test, cus_in_lapsed since it came back.
    expect(segment.members).toBe(3);
    const page1 = await h.app.inject({
      method: 'GET',
      url: `/v1/segments/${segment.segmentId}/members?limit=2`,
      headers: auth,
    });
    expect(page1.json()).toMatchObject({
      members: [{ customerId: 'cus_in_1' }, { customerId: 'cus_in_5' }],
      next: 'cus_in_5',
    });
    const page2 = await h.app.inject({
      method: 'GET',
      url: `/v1/segments/${segment.segmentId}/members?limit=2&after=cus_in_5`,
      headers: auth,
    });
    expect(page2.json()).toMatchObject({ members: [{ customerId: 'cus_in_lapsed' }], next: null });
    expect((await insights.summary('cus_in_5')).segments).toEqual([
      expect.objectContaining({ segmentId: segment.segmentId, name: 'Active high value' }),
    ]);
    const joined = await messagesOn(
      h.topics.customerChanges,
      (m) => m.customerId === 'cus_in_5' && m.payload.change === 'joined',
    );
    const join = joined.find((m) => m.customerId === 'cus_in_5' && m.payload.change === 'joined');
    expect(validateDownstreamEvent(join)).toMatchObject({ ok: true });
    expect(join?.type).toBe('customer.segment-changed');
    // Far in the future, cus_in_5 has gone quiet and leaves.
    await h.app.get(InsightsAssessor).assess(new Date(Date.now() + 200 * DAY));
    const left = await messagesOn(
      h.topics.customerChanges,
      (m) => m.customerId === 'cus_in_5' && m.payload.change === 'left',
    );
    expect(
      left
        .filter((m) => m.customerId === 'cus_in_5' && m.type === 'customer.segment-changed')
        .map((m) => m.payload.change),
    ).toEqual(['joined', 'left']);
  });

  it.each([
    ['an unknown field', { field: 'shoeSize', op: 'eq', value: 1 }],
    ['a malformed tree', { all: 'everyone' }],
  ])('POST /v1/segments with %s answers 400 and creates nothing', async (_case, rule) => {
    const before = (
      await h.app.inject({ method: 'GET', url: '/v1/segments', headers: auth })
    ).json();
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: auth,
      payload: { name: `bad ${_case}`, actor: 'ops', rule },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
    expect(
      (await h.app.inject({ method: 'GET', url: '/v1/segments', headers: auth })).json(),
    ).toEqual(before);
  });

  it('a second segment with the same name is refused with 409; an unknown segment is 404', async () => {
    const body = { name: 'Dup', actor: 'ops', rule: { field: 'orders', op: 'gte', value: 1 } };
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/segments', headers: auth, payload: body }))
        .statusCode,
    ).toBe(201);
    const again = await h.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: auth,
      payload: body,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'segment_name_taken' });
    const missing = await h.app.inject({
      method: 'GET',
      url: '/v1/segments/seg_missing/members',
      headers: auth,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'segment_not_found' });
  });

  it('a merge folds orders and signals into the survivor once; an erasure leaves nothing about the person', async () => {
    const a = buyer('cus_in_merge_a', 1, 30_000, 3);
    const b = buyer('cus_in_merge_b', 2, 20_000, 5);
    await h.send(h.topics.resolvedEvents, ...a, ...b);
    await eventually(() => processed(h.db, [...a, ...b]), 'the orders');
    const merged = profileChange('profile.merged', 'cus_in_merge_a', {
      survivorId: 'cus_in_merge_a',
      mergedIds: ['cus_in_merge_b'],
      version: 2,
    });
    await h.send(h.topics.profileChanges, merged, merged);
    await eventually(() => processed(h.db, [merged]), 'the merge');
    expect(await insights.summary('cus_in_merge_a')).toMatchObject({
      clv: { historicalMinor: 70_000 },
    });
    expect(await insights.summary('cus_in_merge_b')).toMatchObject({ clv: null, segments: [] });
    const erased = profileChange('profile.erased', 'cus_in_merge_a', {
      customerId: 'cus_in_merge_a',
      version: 3,
    });
    await h.send(h.topics.profileChanges, erased);
    await eventually(() => processed(h.db, [erased]), 'the erasure');
    const exported = await insights.exportOf('cus_in_merge_a');
    expect(exported).toMatchObject({
      insights: { lifecycle: null, clv: null, segments: [], consent: [] },
      orders: [],
      consent: { current: [], history: [] },
      journeys: { instances: [], firings: [] },
    });
  });
});
