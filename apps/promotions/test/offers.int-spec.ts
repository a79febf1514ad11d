import { validateDownstreamEvent } from '@omni/contracts';
import { useHarness, waitForMessage } from '@omni/testing';
import { assignVariant } from '../src/offers/variant';
import {
  downstreamEvent,
  eventually,
  liveCampaignWith,
  processed,
  send,
  startPromotionsHarness,
} from './support/promotions-harness';

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter += 1)}`;

describe('targeted offers from crm journeys through Postgres and Kafka', () => {
  const experimentId = 'win-back-test';
  const variants = [
    { name: 'coupon-20', weight: 50, batchId: 'wb-coupon-20' },
    { name: 'coupon-10', weight: 50, batchId: 'wb-coupon-10' },
  ];
  const segmentExperiment = 'churn-risk-test';
  const segmentVariants = [
    { name: 'coupon-15', weight: 50, batchId: 'cr-coupon-15' },
    { name: 'control-coupon', weight: 50, batchId: 'cr-coupon-15-control' },
  ];

  const h = useHarness(startPromotionsHarness);

  beforeAll(async () => {
    await liveCampaignWith(h, async (id) => {
      for (const variant of variants) {
        const added = await h.post(
          `/v1/campaigns/${id}/promotions`,
          {
            name: variant.name,
            priority: 1,
            conditions: [{ code: 'coupon-code', args: { batchId: variant.batchId } }],
            actions: [
              {
                code: 'amount-off',
                args: { amount: variant.name === 'coupon-20' ? 2_000 : 1_000, per: 'order' },
              },
            ],
            reason: 'integration test',
          },
          'ops:author',
        );
        expect(added.statusCode).toBe(201);
      }
      const rule = await h.post(
        `/v1/campaigns/${id}/offer-rules`,
        {
          trigger: 'win-back',
          offerReason: 'win-back',
          match: { valueTiers: ['high'], lifecycleStages: ['churned-short'] },
          experimentId,
          variants,
          validDays: 7,
          reason: 'integration test',
        },
        'ops:author',
      );
      expect(rule.statusCode).toBe(201);
    });
    await liveCampaignWith(h, async (id) => {
      const added = await h.post(
        `/v1/campaigns/${id}/promotions`,
        {
          name: 'churn-risk win-back',
          priority: 1,
          conditions: [{ code: 'coupon-code', args: { batchId: segmentVariants[0]!.batchId } }],
          actions: [{ code: 'amount-off', args: { amount: 1_500, per: 'order' } }],
          reason: 'integration test',
        },
        'ops:author',
      );
      expect(added.statusCode).toBe(201);
      const rule = await h.post(
        `/v1/campaigns/${id}/offer-rules`,
        {
          trigger: 'segment-joined',
          offerReason: 'win-back',
          match: { segments: ['churn-risk'] },
          experimentId: segmentExperiment,
          variants: segmentVariants,
          validDays: 14,
          reason: 'integration test',
        },
        'ops:author',
      );
      expect(rule.statusCode).toBe(201);
    });
  });

  const byCustomer = (event: Record<string, unknown>) => String(event['customerId']);
  const winBack = (customerId: string, instanceId: string) =>
    downstreamEvent('journey.triggered', {
      customerId,
      payload: {
        journeyId: 'win-back',
        trigger: 'win-back',
        step: 'offer',
        instanceId,
        orderId: undefined,
        lifecycleStage: 'churned-short',
        valueTier: 'high',
        churnReason: 'price-sensitive',
      },
    });
  const consent = (customerId: string, granted: boolean) =>
    downstreamEvent('customer.consent-updated', {
      customerId,
      payload: { purpose: 'marketing', channel: 'sms', granted },
    });
  const offersOf = async (customerId: string) =>
    (await h.get(`/v1/customers/${customerId}/offers`)).json();

  it('a win-back trigger without marketing consent issues no offer', async () => {
    const customerId = unique('cus-noconsent-');
    const withdrawn = consent(customerId, false);
    const trigger = winBack(customerId, unique('jri-'));
    await send(h.producer, h.topics.resolvedEvents, byCustomer, withdrawn);
    await eventually(() => processed(h.db, [withdrawn]), 'the consent');
    await send(h.producer, h.topics.journeyTriggers, byCustomer, trigger);
    await eventually(() => processed(h.db, [trigger]), 'the trigger');
    expect(await offersOf(customerId)).toEqual([]);
    const [{ n }] = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM coupons WHERE customer_id = $1`,
      [customerId],
    );
    expect(n).toBe(0);
  });

  it('with consent the trigger issues one offer of the sticky variant, once however often it is delivered, and its redemption carries the variant', async () => {
    const customerId = unique('cus-consent-');
    const granted = consent(customerId, true);
    await send(h.producer, h.topics.resolvedEvents, byCustomer, granted);
    await eventually(() => processed(h.db, [granted]), 'the consent');
    const instanceId = unique('jri-');
    const trigger = winBack(customerId, instanceId);
    const sameStep = winBack(customerId, instanceId);
    const notMatching = downstreamEvent('journey.triggered', {
      customerId,
      payload: {
        journeyId: 'win-back',
        trigger: 'win-back',
        step: 'offer',
        instanceId: unique('jri-'),
        valueTier: 'low',
        lifecycleStage: 'churned-short',
        orderId: undefined,
      },
    });
    await send(
      h.producer,
      h.topics.journeyTriggers,
      byCustomer,
      trigger,
      trigger,
      sameStep,
      notMatching,
    );
    await eventually(() => processed(h.db, [trigger, sameStep, notMatching]), 'the triggers');
    const offers = await offersOf(customerId);
    expect(offers).toHaveLength(1);
    const variant = assignVariant(experimentId, customerId, variants);
    expect(offers[0]).toMatchObject({ experimentId, variant });
    const issued = await waitForMessage<{
      type: string;
      customerId: string;
      payload: { couponCode: string };
    }>(h.topics.offers, ({ value }) => value.customerId === customerId);
    expect(validateDownstreamEvent(issued.value)).toMatchObject({ ok: true });
    expect(issued.value.payload).toMatchObject({
      reason: 'win-back',
      couponCode: offers[0].couponCode,
      experiment: { experimentId, variant },
    });
    const coupon = (await h.get(`/v1/coupons/${offers[0].couponCode}`)).json();
    expect(coupon).toMatchObject({
      customerId,
      maxUses: 1,
      batchId: variants.find((entry) => entry.name === variant)!.batchId,
    });

    const orderId = unique('ord-');
    const placed = downstreamEvent('order.placed', {
      customerId,
      payload: {
        orderId,
        lines: [{ sku: 'SKU-O', quantity: 1, unitPrice: { amount: 10_000, currency: 'CNY' } }],
        subtotal: undefined,
        discount: undefined,
        shipping: undefined,
        total: { amount: 9_000, currency: 'CNY' },
        coupons: [offers[0].couponCode],
      },
    });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placed);
    const recorded = await waitForMessage<{ payload: { orderId: string; experiment?: object } }>(
      h.topics.redemptions,
      ({ value }) => value.payload?.orderId === orderId,
    );
    expect(recorded.value.payload.experiment).toEqual({ experimentId, variant });
  });

  const segmentChange = (customerId: string, segmentId: string, change: 'joined' | 'left') =>
    downstreamEvent('customer.segment-changed', {
      customerId,
      payload: { segmentId, segmentName: `${segmentId} (name)`, change },
    });

  it('a customer entering a configured segment gets its offer once, with the sticky variant, only with marketing consent', async () => {
    const customerId = unique('cus-seg-');
    const silent = unique('cus-seg-silent-');
    const granted = consent(customerId, true);
    const withdrawn = consent(silent, false);
    await send(h.producer, h.topics.resolvedEvents, byCustomer, granted, withdrawn);
    await eventually(() => processed(h.db, [granted, withdrawn]), 'the consents');

    const joined = segmentChange(customerId, 'churn-risk', 'joined');
    const otherSegment = segmentChange(customerId, 'vip', 'joined');
    const left = segmentChange(customerId, 'churn-risk', 'left');
    const silentJoined = segmentChange(silent, 'churn-risk', 'joined');
    await send(
      h.producer,
      h.topics.customerChanges,
      byCustomer,
      joined,
      joined,
      otherSegment,
      left,
      silentJoined,
    );
    await eventually(
      () => processed(h.db, [joined, otherSegment, left, silentJoined]),
      'the segment changes',
    );
    const offers = await offersOf(customerId);
    const variant = assignVariant(segmentExperiment, customerId, segmentVariants);
    expect(offers).toEqual([expect.objectContaining({ experimentId: segmentExperiment, variant })]);
    expect(await offersOf(silent)).toEqual([]);
    const issued = await waitForMessage<{ customerId: string; payload: { couponCode: string } }>(
      h.topics.offers,
      ({ value }) => value.customerId === customerId,
    );
    expect(validateDownstreamEvent(issued.value)).toMatchObject({ ok: true });
    expect(issued.value.payload).toMatchObject({
      reason: 'win-back',
      couponCode: offers[0].couponCode,
      experiment: { experimentId: segmentExperiment, variant },
    });
    expect((await h.get(`/v1/coupons/${offers[0].couponCode}`)).json()).toMatchObject({
      customerId,
      maxUses: 1,
      batchId: segmentVariants.find((entry) => entry.name === variant)!.batchId,
    });
    // The segment read model still follows the same events.
    const [{ member }] = await h.db.dataSource.query(
      `SELECT member FROM customer_segments WHERE customer_id = $1 AND segment_id = 'churn-risk'`,
      [customerId],
    );
    expect(member).toBe(false);
  });

  it('refuses a segment-joined rule without segments, or with criteria a segment change does not carry, and stores nothing', async () => {
    const created = await h.post(
      '/v1/campaigns',
      {
        name: 'draft',
        channels: ['sms'],
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        reason: 'integration test',
      },
      'ops:author',
    );
    const id = created.json().id as string;
    const base = {
      trigger: 'segment-joined',
      offerReason: 'segment',
      experimentId: 'x',
      variants: segmentVariants,
      reason: 'integration test',
    };
    const missing = await h.post(`/v1/campaigns/${id}/offer-rules`, base, 'ops:author');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'invalid_request' });
    expect(missing.json().message).toContain('match.segments');
    const extra = await h.post(
      `/v1/campaigns/${id}/offer-rules`,
      { ...base, match: { segments: ['churn-risk'], valueTiers: ['high'] } },
      'ops:author',
    );
    expect(extra.statusCode).toBe(400);
    expect((await h.get(`/v1/campaigns/${id}/offer-rules`)).json()).toEqual([]);
  });

  it('a profile split moves the offers of the journeys its events started, with their codes and variants', async () => {
    const from = unique('cus-from-');
    const to = unique('cus-to-');
    const granted = consent(from, true);
    await send(h.producer, h.topics.resolvedEvents, byCustomer, granted);
    await eventually(() => processed(h.db, [granted]), 'the consent');
    // crm names the channel event a journey started from as the trigger's causation.
    const movedKey = `jd-pop-store:${unique('evt-')}`;
    const keptKey = `jd-pop-store:${unique('evt-')}`;
    const moving = { ...winBack(from, unique('jri-')), causationId: movedKey };
    const staying = { ...winBack(from, unique('jri-')), causationId: keptKey };
    await send(h.producer, h.topics.journeyTriggers, byCustomer, moving, staying);
    await eventually(() => processed(h.db, [moving, staying]), 'the triggers');
    const before = await offersOf(from);
    expect(before).toHaveLength(2);
    const variant = before[0].variant as string;

    const splitId = unique('idr-split-');
    const split = {
      eventId: splitId,
      type: 'profile.split',
      version: 2,
      occurredAt: new Date().toISOString(),
      customerId: from,
      correlationId: splitId,
      causationId: splitId,
      payload: {
        fromId: from,
        newIds: [to],
        version: 2,
        part: 1,
        parts: 1,
        moves: [{ customerId: to, eventKeys: [movedKey] }],
      },
    };
    await send(h.producer, h.topics.profileChanges, byCustomer, split, split);
    await eventually(() => processed(h.db, [split]), 'the split');
    const movedOffers = await offersOf(to);
    expect(movedOffers).toHaveLength(1);
    expect(await offersOf(from)).toHaveLength(1);
    expect((await h.get(`/v1/coupons/${movedOffers[0].couponCode}`)).json().customerId).toBe(to);
    const exported = (await h.get(`/v1/customers/${to}/export`)).json();
    expect(exported.experiments).toEqual([{ experimentId, variant }]);
    expect(exported.coupons).toHaveLength(1);
  });

  it('a profile split moves the offers issued on segment entries its events caused, with their codes and variants', async () => {
    const from = unique('cus-seg-from-');
    const to = unique('cus-seg-to-');
    const granted = consent(from, true);
    await send(h.producer, h.topics.resolvedEvents, byCustomer, granted);
    await eventually(() => processed(h.db, [granted]), 'the consent');
    // Two entries into the segment, each caused by a different channel event crm names.
    const movedKey = `jd-pop-store:${unique('evt-')}`;
    const keptKey = `jd-pop-store:${unique('evt-')}`;
    const moving = { ...segmentChange(from, 'churn-risk', 'joined'), causationId: movedKey };
    const staying = { ...segmentChange(from, 'churn-risk', 'joined'), causationId: keptKey };
    await send(h.producer, h.topics.customerChanges, byCustomer, moving, staying);
    await eventually(() => processed(h.db, [moving, staying]), 'the segment entries');
    const before = await offersOf(from);
    expect(before).toHaveLength(2);
    const variant = assignVariant(segmentExperiment, from, segmentVariants);

    const splitId = unique('idr-split-');
    const split = {
      eventId: splitId,
      type: 'profile.split',
      version: 2,
      occurredAt: new Date().toISOString(),
      customerId: from,
      correlationId: splitId,
      causationId: splitId,
      payload: {
        fromId: from,
        newIds: [to],
        version: 2,
        part: 1,
        parts: 1,
        moves: [{ customerId: to, eventKeys: [movedKey] }],
      },
    };
    await send(h.producer, h.topics.profileChanges, byCustomer, split, split);
    await eventually(() => processed(h.db, [split]), 'the split');
    const movedOffers = await offersOf(to);
    expect(movedOffers).toEqual([
      expect.objectContaining({ experimentId: segmentExperiment, variant }),
    ]);
    const kept = await offersOf(from);
    expect(kept).toHaveLength(1);
    expect(kept[0].couponCode).not.toBe(movedOffers[0].couponCode);
    expect((await h.get(`/v1/coupons/${movedOffers[0].couponCode}`)).json().customerId).toBe(to);
    expect((await h.get(`/v1/coupons/${kept[0].couponCode}`)).json().customerId).toBe(from);
    const exported = (await h.get(`/v1/customers/${to}/export`)).json();
    expect(exported.experiments).toEqual([{ experimentId: segmentExperiment, variant }]);
    expect(exported.coupons).toHaveLength(1);
  });
});
