import { validateDownstreamEvent } from '@omni/contracts';
import { waitForMessage } from '@omni/testing';
import { assignVariant } from '../src/offers/variant';
import {
  downstreamEvent,
  eventually,
  liveCampaignWith,
  processed,
  send,
  startPromotionsHarness,
  type PromotionsHarness,
} from './support/promotions-harness';

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter += 1)}`;

describe('targeted offers from crm journeys through Postgres and Kafka', () => {
  let h: PromotionsHarness;
  const experimentId = 'win-back-test';
  const variants = [
    { name: 'coupon-20', weight: 50, batchId: 'wb-coupon-20' },
    { name: 'coupon-10', weight: 50, batchId: 'wb-coupon-10' },
  ];

  beforeAll(async () => {
    h = await startPromotionsHarness();
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
  });

  afterAll(async () => {
    await h?.close();
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
    await send(h.producer, h.topics.resolved, byCustomer, withdrawn);
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
    await send(h.producer, h.topics.resolved, byCustomer, granted);
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
    await send(h.producer, h.topics.resolved, byCustomer, placed);
    const recorded = await waitForMessage<{ payload: { orderId: string; experiment?: object } }>(
      h.topics.redemptions,
      ({ value }) => value.payload?.orderId === orderId,
    );
    expect(recorded.value.payload.experiment).toEqual({ experimentId, variant });
  });
});
