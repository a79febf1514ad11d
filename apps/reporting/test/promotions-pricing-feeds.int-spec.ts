import { randomUUID } from 'node:crypto';
import { eventually, useHarness, waitForMessage } from '@omni/testing';
import { AlertsService } from '../src/alerts/alerts.service';
import { redemptionsGroup } from '../src/promotions-feed/redemptions.consumer';
import {
  auth,
  cny,
  eventKeyOf,
  placed,
  profileChange,
  resolved,
  serviceEvent,
  startReporting,
  type KpiAnswer,
  type TestEvent,
} from './support/reporting-harness';

const recorded = (
  customerId: string,
  orderId: string,
  discount: { amount: number; currency: string },
  at: string,
  extra: Record<string, unknown> = {},
) =>
  serviceEvent('redemption.recorded', customerId, at, {
    redemptionId: `red-${orderId}-${discount.currency}`,
    orderId,
    campaignId: 'promo-campaign',
    discount,
    ...extra,
  });

const released = (
  customerId: string,
  redemptionId: string,
  orderId: string,
  at: string,
  release: { amount?: number; complete: boolean; campaignId?: string },
) =>
  serviceEvent('redemption.released', customerId, at, {
    redemptionId,
    orderId,
    campaignId: release.campaignId ?? 'promo-campaign',
    reason: 'order-refunded',
    ...(release.amount === undefined ? {} : { amount: cny(release.amount) }),
    complete: release.complete,
  });

type Alert = {
  id: string;
  ruleId: string;
  ruleName: string;
  metric: string;
  value: number;
  threshold: number | null;
  message: string;
  acknowledgedAt: string | null;
};

describe('reporting reads promotions and pricing', () => {
  const reporting = useHarness(() =>
    startReporting({
      REPORTING_AB_MIN_SAMPLE: '5',
      REPORTING_ALERT_GRACE_MS: '0',
    }),
  );

  const discounts = async (campaign: string) =>
    (
      await reporting.get<KpiAnswer>(
        `/v1/kpis?campaign=${campaign}&from=2026-04-02T00:00:00Z&to=2026-04-03T00:00:00Z&interval=hour&groupBy=channel&metrics=discounts,orders`,
      )
    ).body.rows.map((row) => [row.bucketStart, row.channel, row.metrics['discounts']]);

  const sendAndApply = async (topic: string, ...events: TestEvent[]) => {
    await reporting.send(topic, ...events);
    await reporting.applied(...events);
  };

  describe('the discounts KPI from redemptions', () => {
    it('counts a redemption in its order’s bucket once, net of releases, whatever arrives first; not the order payload’s discount', async () => {
      const campaign = `c-${randomUUID()}`;
      const [ann, bob] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
      const [o1, o2] = [`o-${randomUUID()}`, `o-${randomUUID()}`];
      const { redemptions, resolvedEvents: resolvedTopic } = reporting.topics;

      // o1 (tmall, 10:15) with a discount of its own in the payload, which is not the KPI's source.
      await sendAndApply(
        resolvedTopic,
        placed(ann, o1, 30_000, {
          campaignId: campaign,
          channel: 'tmall',
          at: '2026-04-02T10:15:00Z',
          payload: { discount: cny(9_999) },
        }),
      );
      const r1 = recorded(ann, o1, cny(5_000), '2026-04-02T10:16:00Z');
      await sendAndApply(redemptions, r1);
      // Redelivered: counts once.
      await sendAndApply(redemptions, r1);
      // A redemption in another currency is not summed.
      await sendAndApply(
        redemptions,
        recorded(ann, o1, { amount: 700, currency: 'USD' }, '2026-04-02T10:17:00Z'),
      );
      expect(await discounts(campaign)).toEqual([['2026-04-02T10:00:00.000Z', 'tmall', 5_000]]);

      // o2 (web, 11:20): a partial release arrives first, then the redemption, then the order.
      const r2Id = `red-${o2}-CNY`;
      await sendAndApply(
        redemptions,
        released(bob, r2Id, o2, '2026-04-03T09:00:00Z', { amount: 1_000, complete: false }),
      );
      await sendAndApply(redemptions, recorded(bob, o2, cny(3_000), '2026-04-02T11:21:00Z'));
      expect(await discounts(campaign)).toEqual([['2026-04-02T10:00:00.000Z', 'tmall', 5_000]]);
      await sendAndApply(
        resolvedTopic,
        placed(bob, o2, 20_000, { campaignId: campaign, at: '2026-04-02T11:20:00Z' }),
      );
      // 3,000 − 1,000 in the order's hour and channel.
      expect(await discounts(campaign)).toEqual([
        ['2026-04-02T10:00:00.000Z', 'tmall', 5_000],
        ['2026-04-02T11:00:00.000Z', 'web', 2_000],
      ]);

      // The rest is given back (redelivered too), and a release beyond what is left takes nothing more.
      const rest = released(bob, r2Id, o2, '2026-04-04T09:00:00Z', {
        amount: 2_000,
        complete: true,
      });
      await sendAndApply(redemptions, rest);
      await sendAndApply(redemptions, rest);
      await sendAndApply(
        redemptions,
        released(bob, r2Id, o2, '2026-04-05T09:00:00Z', { amount: 500, complete: true }),
      );
      expect(await discounts(campaign)).toEqual([
        ['2026-04-02T10:00:00.000Z', 'tmall', 5_000],
        ['2026-04-02T11:00:00.000Z', 'web', 0],
      ]);
      expect(
        await reporting.count(`SELECT released AS n FROM redemptions WHERE redemption_id = $1`, [
          r2Id,
        ]),
      ).toBe(3_000);
    });

    it('orders and their redemptions sent at once on both topics add up exactly, however the two groups interleave', async () => {
      const campaign = `c-${randomUUID()}`;
      const people = Array.from({ length: 150 }, (_, i) => ({
        customer: `cus-${randomUUID()}`,
        orderId: `o-${randomUUID()}`,
        discount: 100 + i,
      }));
      const orders = people.map((p, i) =>
        placed(p.customer, p.orderId, 10_000, {
          campaignId: campaign,
          at: `2026-04-02T20:${String(i % 60).padStart(2, '0')}:00Z`,
        }),
      );
      const redemptionEvents = people.map((p) =>
        recorded(p.customer, p.orderId, cny(p.discount), '2026-04-02T20:30:00Z'),
      );
      // Half of the releases come before anything else.
      const releases = people
        .filter((_, i) => i % 2 === 0)
        .map((p) =>
          released(p.customer, `red-${p.orderId}-CNY`, p.orderId, '2026-04-03T10:00:00Z', {
            amount: 50,
            complete: false,
          }),
        );
      await reporting.send(reporting.topics.redemptions, ...releases);
      await Promise.all([
        reporting.send(reporting.topics.resolvedEvents, ...orders),
        reporting.send(reporting.topics.redemptions, ...redemptionEvents),
      ]);
      await reporting.applied(...orders, ...redemptionEvents, ...releases);
      // Σ (100 … 249) − 75 × 50 = 26,175 − 3,750.
      const total = (await discounts(campaign)).reduce(
        (sum, [, , value]) => sum + Number(value),
        0,
      );
      expect(total).toBe(26_175 - 3_750);
    });

    it('a message that is not a valid redemption goes to the dead-letter topic and the next one is applied', async () => {
      const campaign = `c-${randomUUID()}`;
      const ann = `cus-${randomUUID()}`;
      const order = `o-${randomUUID()}`;
      await sendAndApply(
        reporting.topics.resolvedEvents,
        placed(ann, order, 10_000, { campaignId: campaign, at: '2026-04-02T08:00:00Z' }),
      );
      await reporting.producer.send(reporting.topics.redemptions, [
        { key: ann, value: '{"type":"redemption.recorded"' },
        {
          key: ann,
          value: JSON.stringify(
            serviceEvent('redemption.recorded', ann, '2026-04-02T08:01:00Z', { orderId: order }),
          ),
        },
      ]);
      await sendAndApply(
        reporting.topics.redemptions,
        recorded(ann, order, cny(1_200), '2026-04-02T08:01:00Z'),
      );
      expect(await discounts(campaign)).toEqual([['2026-04-02T08:00:00.000Z', 'web', 1_200]]);
      const dead = await reporting.count(
        `SELECT count(*) AS n FROM dead_letters WHERE topic = $1`,
        [reporting.topics.redemptions],
      );
      expect(dead).toBe(2);
    });
  });

  describe('per-promotion conversion and CTR', () => {
    const promo = `promo-${randomUUID()}`;
    const people = Array.from({ length: 6 }, () => `cus-${randomUUID()}`);
    const [a, b, c, d, e, f] = people;
    const range = 'from=2026-05-01T00:00:00Z&to=2026-05-08T00:00:00Z';

    beforeAll(async () => {
      const offer = (customerId: string, code: string | undefined, at: string) =>
        serviceEvent('offer.issued', customerId, at, {
          offerId: `offer-${randomUUID()}`,
          campaignId: promo,
          reason: 'cart-abandonment',
          ...(code === undefined ? {} : { couponCode: code }),
          validFrom: at,
        });
      await sendAndApply(
        reporting.topics.offers,
        offer(a, `code-a-${promo}`, '2026-05-02T09:00:00Z'),
        offer(b, `code-b-${promo}`, '2026-05-02T09:00:00Z'),
        offer(c, undefined, '2026-05-02T09:00:00Z'),
        offer(d, `code-d-${promo}`, '2026-05-02T09:00:00Z'),
        // Issued before the range: not counted.
        offer(e, `code-e-${promo}`, '2026-04-20T09:00:00Z'),
      );
      const orders = {
        a: placed(a, `o-${randomUUID()}`, 40_000, { at: '2026-05-03T10:00:00Z', channel: 'tmall' }),
        b: placed(b, `o-${randomUUID()}`, 25_000, { at: '2026-05-03T11:00:00Z', channel: 'web' }),
        c: placed(c, `o-${randomUUID()}`, 12_000, { at: '2026-05-03T12:00:00Z', channel: 'web' }),
      };
      await sendAndApply(reporting.topics.resolvedEvents, ...Object.values(orders));
      const orderId = (event: TestEvent) => (event['payload'] as { orderId: string }).orderId;
      const redeem = (customer: string, order: TestEvent, amount: number, code?: string) =>
        recorded(customer, orderId(order), cny(amount), String(order['occurredAt']), {
          campaignId: promo,
          ...(code === undefined ? {} : { couponCode: code }),
        });
      await sendAndApply(
        reporting.topics.redemptions,
        redeem(a, orders.a, 4_000, `code-a-${promo}`),
        redeem(b, orders.b, 2_500, `code-b-${promo}`),
        // c's offer has no code: the same customer's redemption of the campaign redeems it.
        redeem(c, orders.c, 1_000),
        // b's order is refunded in full: the redemption is given back.
        released(b, `red-${orderId(orders.b)}-CNY`, orderId(orders.b), '2026-05-04T10:00:00Z', {
          amount: 2_500,
          complete: true,
          campaignId: promo,
        }),
      );
      const touch = (customer: string, touchType: string, channel = 'douyin') =>
        resolved('marketing.touch', customer, {
          at: '2026-05-02T08:00:00Z',
          channel,
          payload: { touchType, campaignId: promo },
        });
      await sendAndApply(
        reporting.topics.resolvedEvents,
        touch(a, 'impression'),
        touch(b, 'impression'),
        touch(c, 'impression'),
        touch(d, 'impression'),
        touch(e, 'impression', 'web'),
        touch(f, 'impression'),
        touch(a, 'click'),
        touch(b, 'click'),
      );
    });

    it('GET /v1/promotions answers offers issued and redeemed, conversion, discount, revenue and CTR per campaign', async () => {
      const { status, body } = await reporting.get<{ currency: string; rows: unknown[] }>(
        `/v1/promotions?${range}`,
      );
      expect(status).toBe(200);
      expect(body.currency).toBe('CNY');
      // Offers a, b, c, d issued; a and c redeemed (b's was given back): 2 / 4. Discount 4,000 +
      // 1,000; revenue 40,000 + 12,000; 6 impressions, 2 clicks: CTR 1/3.
      expect(body.rows).toContainEqual({
        campaignId: promo,
        offersIssued: 4,
        offersRedeemed: 2,
        conversionRate: 0.5,
        redemptions: 2,
        discount: 5_000,
        revenue: 52_000,
        impressions: 6,
        clicks: 2,
        ctr: 2 / 6,
        customers: 4,
        touchedCustomers: 6,
      });
    });

    it('with a channel, counts the redemptions of that channel’s orders and its touches', async () => {
      const { body } = await reporting.get<{ rows: Record<string, unknown>[] }>(
        `/v1/promotions?${range}&channel=web`,
      );
      // Offers carry no channel (4 issued); on web only c's redemption is live; e's impression.
      expect(body.rows.find((row) => row['campaignId'] === promo)).toMatchObject({
        offersIssued: 4,
        offersRedeemed: 1,
        redemptions: 1,
        discount: 1_000,
        revenue: 12_000,
        impressions: 1,
        clicks: 0,
        ctr: 0,
      });
    });

    it('the dashboard table and the CSV hide the cells about fewer than k customers', async () => {
      const { status, body } = await reporting.get<{
        columns: string[];
        rows: { cells: Record<string, unknown>; suppressed: string[] }[];
      }>(`/v1/dashboard/promotions?${range}`);
      expect(status).toBe(200);
      const row = body.rows.find((r) => r.cells['campaignId'] === promo)!;
      // 4 customers offered or redeeming (< 5): hidden; 6 touched: shown.
      expect(row.suppressed).toEqual([
        'offersIssued',
        'offersRedeemed',
        'conversionRate',
        'redemptions',
        'discount',
        'revenue',
        'customers',
      ]);
      expect(row.cells).toMatchObject({ offersIssued: null, impressions: 6, clicks: 2 });

      const csv = await reporting.app.inject({
        method: 'GET',
        url: `/v1/exports/promotions.csv?${range}`,
        headers: auth,
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.body.split('\r\n');
      expect(lines[0]).toBe(
        'campaignId,offersIssued,offersRedeemed,conversionRate,redemptions,discount,revenue,impressions,clicks,ctr,customers,suppressed',
      );
      expect(lines).toContain(
        `${promo},,,,,,,6,2,${2 / 6},,offersIssued;offersRedeemed;conversionRate;redemptions;discount;revenue;customers`,
      );
    });

    it.each([
      ['from after to', 'from=2026-05-09T00:00:00Z&to=2026-05-08T00:00:00Z'],
      ['a malformed time', 'from=yesterday&to=2026-05-08T00:00:00Z'],
      ['an unknown parameter', `${range}&campaign=x`],
    ])('%s is invalid_request', async (_, query) => {
      const { status, body } = await reporting.get<{ code: string; message: string }>(
        `/v1/promotions?${query}`,
      );
      expect(status).toBe(400);
      expect(body.code).toBe('invalid_request');
    });
  });

  describe('identity changes and the right of access', () => {
    it('a merge folds offers and redemptions into the survivor; an erasure anonymises them and keeps the counts', async () => {
      const promo = `promo-${randomUUID()}`;
      const [survivor, merged] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
      const order = placed(merged, `o-${randomUUID()}`, 8_000, { at: '2026-09-01T10:00:00Z' });
      await sendAndApply(reporting.topics.resolvedEvents, order);
      await sendAndApply(
        reporting.topics.offers,
        serviceEvent('offer.issued', merged, '2026-09-01T09:00:00Z', {
          offerId: `offer-${randomUUID()}`,
          campaignId: promo,
          reason: 'member',
          couponCode: `code-${merged}`,
          validFrom: '2026-09-01T09:00:00Z',
        }),
      );
      const orderId = (order['payload'] as { orderId: string }).orderId;
      await sendAndApply(
        reporting.topics.redemptions,
        recorded(merged, orderId, cny(800), '2026-09-01T10:00:00Z', {
          campaignId: promo,
          couponCode: `code-${merged}`,
        }),
      );
      await sendAndApply(
        reporting.topics.profileChanges,
        profileChange('profile.merged', survivor, {
          survivorId: survivor,
          mergedIds: [merged],
          version: 2,
        }),
      );
      const exported = await reporting.get<{ offers: unknown[]; redemptions: unknown[] }>(
        `/v1/customers/${survivor}/export`,
      );
      expect(exported.body.offers).toEqual([
        expect.objectContaining({ campaignId: promo, couponCode: `code-${merged}` }),
      ]);
      expect(exported.body.redemptions).toEqual([
        expect.objectContaining({ orderId, discount: 800, released: 0 }),
      ]);

      await sendAndApply(
        reporting.topics.profileChanges,
        profileChange('profile.erased', survivor, { customerId: survivor, version: 3 }),
      );
      const after = await reporting.get<{ offers: unknown[]; redemptions: unknown[] }>(
        `/v1/customers/${survivor}/export`,
      );
      expect([after.body.offers, after.body.redemptions]).toEqual([[], []]);
      expect(
        await reporting.count(
          `SELECT count(*) AS n FROM offers WHERE campaign_id = $1 AND coupon_code IS NULL AND customer_id NOT IN ($2, $3)`,
          [promo, survivor, merged],
        ),
      ).toBe(1);
      const { body } = await reporting.get<{ rows: Record<string, unknown>[] }>(
        '/v1/promotions?from=2026-09-01T00:00:00Z&to=2026-09-02T00:00:00Z',
      );
      expect(body.rows.find((row) => row['campaignId'] === promo)).toMatchObject({
        offersIssued: 1,
        offersRedeemed: 1,
        discount: 800,
        customers: 1,
      });
    });
  });

  describe('A/B read-outs from offer variants', () => {
    it('an offer issued with a variant is an exposure; an order after it converts (hand-worked z-test)', async () => {
      const experiment = `exp-${randomUUID()}`;
      const control = Array.from({ length: 5 }, () => `cus-${randomUUID()}`);
      const treatment = Array.from({ length: 5 }, () => `cus-${randomUUID()}`);
      const offer = (customerId: string, variant: string) =>
        serviceEvent('offer.issued', customerId, '2026-06-01T10:00:00Z', {
          offerId: `offer-${randomUUID()}`,
          campaignId: 'win-back',
          reason: 'win-back',
          validFrom: '2026-06-01T10:00:00Z',
          experiment: { experimentId: experiment, variant },
        });
      const offers = [
        ...control.map((c) => offer(c, 'control')),
        ...treatment.map((c) => offer(c, 'coupon-20')),
      ];
      await sendAndApply(reporting.topics.offers, ...offers);
      // A redelivered offer exposes no one twice.
      await sendAndApply(reporting.topics.offers, offers[0]);
      const order = (customerId: string, at = '2026-06-02T10:00:00Z') =>
        placed(customerId, `o-${randomUUID()}`, 10_000, { at });
      await sendAndApply(
        reporting.topics.resolvedEvents,
        order(control[0]),
        // Before the offer: no conversion.
        order(control[1], '2026-05-30T10:00:00Z'),
        ...treatment.slice(0, 4).map((c) => order(c)),
      );
      const { status, body } = await reporting.get<{
        status: string;
        variants: { variant: string; exposed: number; converted: number }[];
        comparisons: {
          variant: string;
          conversion: { method: string; z: number; pValue: number; significant: boolean };
        }[];
      }>(`/v1/experiments/${experiment}`);
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.variants.map((v) => [v.variant, v.exposed, v.converted])).toEqual([
        ['control', 5, 1],
        ['coupon-20', 5, 4],
      ]);
      // 1/5 vs 4/5: pooled 0.5, se = √(0.25 × 2/5) = 0.316228, z = 0.6 / 0.316228 = 1.897367,
      // p = 2 (1 − Φ(1.897367)) = 0.057780.
      const [comparison] = body.comparisons;
      expect(comparison.conversion.method).toMatch(/two-proportion z-test/);
      expect(comparison.conversion.z).toBeCloseTo(1.897367, 5);
      expect(comparison.conversion.pValue).toBeCloseTo(0.05778, 5);
      expect(comparison.conversion.significant).toBe(false);
    });
  });

  describe('alerts from pricing and reviews', () => {
    const evaluate = (iso: string) => reporting.app.get(AlertsService).evaluate(new Date(iso));

    it('a price consistency breach is raised once (redelivered or re-sent), published, listed and acknowledged', async () => {
      const alertId = `cons-${randomUUID()}`;
      const breach = (eventId?: string) =>
        serviceEvent(
          'price.consistency-breached',
          undefined,
          '2026-06-18T00:00:02Z',
          {
            alertId,
            sku: 'LUM-SERUM-50ML',
            currency: 'CNY',
            channels: ['web', 'pos'],
            firstPrice: cny(68_400),
            secondPrice: cny(76_000),
            differenceBasisPoints: 1_111,
            toleranceBasisPoints: 500,
            detectedAt: '2026-06-18T00:00:02Z',
            reason: 'web is 11.11% below pos (tolerance 5%)',
          },
          eventId,
        );
      const first = breach();
      await sendAndApply(reporting.topics.priceChanges, first);
      await sendAndApply(reporting.topics.priceChanges, first, breach());

      const all = await reporting.get<Alert[]>('/v1/alerts?status=all');
      const mine = all.body.filter((alert) => alert.message.includes('LUM-SERUM-50ML'));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        ruleId: 'pricing.consistency-breached',
        ruleName: 'Price consistency breached (pricing)',
        metric: 'differenceBasisPoints',
        value: 1_111,
        threshold: 500,
        acknowledgedAt: null,
      });
      const message = await waitForMessage<{ type: string; payload: Record<string, unknown> }>(
        reporting.topics.alerts,
        ({ value }) => value.payload['alertId'] === mine[0].id,
      );
      expect(message.value.type).toBe('alert.raised');
      expect(message.value.payload).toMatchObject({ severity: 'warning', value: 1_111 });

      const ack = await reporting.post<Alert>(`/v1/alerts/${mine[0].id}/acknowledge`, {
        actor: 'ops:wang.fang',
      });
      expect(ack.status).toBe(200);
      expect(ack.body.acknowledgedAt).not.toBeNull();
      // The built-in rule is neither judged nor listed among the rules.
      const rules = await reporting.get<{ id: string }[]>('/v1/alerts/rules');
      expect(rules.body.map((rule) => rule.id)).not.toContain('pricing.consistency-breached');
    });

    it('a price change message that is not valid goes to the dead-letter topic', async () => {
      await reporting.producer.send(reporting.topics.priceChanges, [
        { key: 'SKU-1', value: 'not json' },
      ]);
      const next = serviceEvent('price.consistency-breached', undefined, '2026-06-19T00:00:00Z', {
        alertId: `cons-${randomUUID()}`,
        sku: 'SKU-NEXT',
        currency: 'CNY',
        channels: ['tmall', 'pos'],
        firstPrice: cny(100),
        secondPrice: cny(120),
        differenceBasisPoints: 2_000,
        toleranceBasisPoints: 500,
        detectedAt: '2026-06-19T00:00:00Z',
        reason: 'tmall is 20% below pos',
      });
      await sendAndApply(reporting.topics.priceChanges, next);
      const dead = await reporting.count(
        `SELECT count(*) AS n FROM dead_letters WHERE topic = $1`,
        [reporting.topics.priceChanges],
      );
      expect(dead).toBe(1);
    });

    it('reviews rated 2 or less count as negativeReviews per channel and hour, and the built-in anomaly rule raises on a spike', async () => {
      const campaign = `c-${randomUUID()}`;
      const review = (rating: number, channel: string, minute: number) =>
        resolved('review.submitted', `cus-${randomUUID()}`, {
          campaignId: campaign,
          channel,
          at: `2026-07-10T14:${String(minute).padStart(2, '0')}:00Z`,
          payload: { reviewId: `rev-${randomUUID()}`, rating },
        });
      const reviews = [
        review(1, 'tmall', 1),
        review(2, 'tmall', 2),
        review(3, 'tmall', 3),
        review(5, 'tmall', 4),
        review(2, 'jd', 5),
        review(1, 'tmall', 6),
      ];
      await sendAndApply(reporting.topics.resolvedEvents, ...reviews);
      await sendAndApply(reporting.topics.resolvedEvents, reviews[0]);
      const { body } = await reporting.get<KpiAnswer>(
        `/v1/kpis?campaign=${campaign}&from=2026-07-10T00:00:00Z&to=2026-07-11T00:00:00Z&interval=hour&groupBy=channel&metrics=negativeReviews`,
      );
      expect(body.rows.map((row) => [row.channel, row.metrics['negativeReviews']])).toEqual([
        ['jd', 1],
        ['tmall', 3],
      ]);

      // The 7 earlier days had none at 14:00; 4 now is outside the band (sd 0).
      const raised = await evaluate('2026-07-10T15:00:30Z');
      const spike = raised.find((alert) => alert.ruleId === 'rule_default-negative-reviews');
      expect(spike).toMatchObject({ metric: 'negativeReviews', value: 4, severity: 'warning' });
    });

    it('REPORTING_NEGATIVE_REVIEW_ALERT=false turns the built-in rule off', async () => {
      const rules = async () =>
        (await reporting.get<{ id: string; enabled: boolean }[]>('/v1/alerts/rules')).body.find(
          (rule) => rule.id === 'rule_default-negative-reviews',
        );
      expect(await rules()).toMatchObject({ enabled: true });
      await reporting.restart({ REPORTING_NEGATIVE_REVIEW_ALERT: 'false' });
      expect(await rules()).toMatchObject({ enabled: false });
      expect(
        (await evaluate('2026-07-10T16:00:30Z')).some(
          (alert) => alert.ruleId === 'rule_default-negative-reviews',
        ),
      ).toBe(false);
    });
  });

  it('a new consumer group re-reading redemptions, offers and breaches changes nothing', async () => {
    const campaign = `c-${randomUUID()}`;
    const promo = `promo-${randomUUID()}`;
    const ann = `cus-${randomUUID()}`;
    const order = placed(ann, `o-${randomUUID()}`, 9_000, {
      campaignId: campaign,
      at: '2026-04-02T15:00:00Z',
    });
    const orderId = (order['payload'] as { orderId: string }).orderId;
    const redemption = recorded(ann, orderId, cny(900), '2026-04-02T15:00:00Z', {
      campaignId: promo,
    });
    const release = released(ann, `red-${orderId}-CNY`, orderId, '2026-04-03T15:00:00Z', {
      amount: 300,
      complete: false,
      campaignId: promo,
    });
    const offer = serviceEvent('offer.issued', ann, '2026-04-02T14:00:00Z', {
      offerId: `offer-${randomUUID()}`,
      campaignId: promo,
      reason: 'segment',
      validFrom: '2026-04-02T14:00:00Z',
    });
    const breachId = `cons-${randomUUID()}`;
    const breach = serviceEvent('price.consistency-breached', undefined, '2026-04-02T16:00:00Z', {
      alertId: breachId,
      sku: `SKU-${breachId}`,
      currency: 'CNY',
      channels: ['app', 'pos'],
      firstPrice: cny(1_000),
      secondPrice: cny(1_200),
      differenceBasisPoints: 2_000,
      toleranceBasisPoints: 500,
      detectedAt: '2026-04-02T16:00:00Z',
      reason: 'app is 20% below pos',
    });
    await sendAndApply(reporting.topics.resolvedEvents, order);
    await sendAndApply(reporting.topics.redemptions, redemption, release);
    await sendAndApply(reporting.topics.offers, offer);
    await sendAndApply(reporting.topics.priceChanges, breach);
    const figures = async () => ({
      discounts: await discounts(campaign),
      promotion: (
        await reporting.get<{ rows: Record<string, unknown>[] }>(
          '/v1/promotions?from=2026-04-02T00:00:00Z&to=2026-04-03T00:00:00Z',
        )
      ).body.rows.find((row) => row['campaignId'] === promo),
      alerts: (await reporting.get<Alert[]>('/v1/alerts?status=all')).body.filter((alert) =>
        alert.message.includes(breachId),
      ).length,
    });
    const before = await figures();
    expect(before).toMatchObject({
      discounts: [['2026-04-02T15:00:00.000Z', 'web', 600]],
      promotion: { offersIssued: 1, offersRedeemed: 1, discount: 600 },
      alerts: 1,
    });

    // A new group reads every topic again: its inbox is empty, the stored keys are not.
    const group = `reporting-replay-${randomUUID()}`;
    await reporting.restart({ REPORTING_CONSUMER_GROUP: group });
    const replayed = [order, redemption, release, offer, breach].map(eventKeyOf);
    await eventually(
      async () =>
        (await reporting.count(
          `SELECT count(*) AS n FROM inbox WHERE consumer_group IN ($1, $2) AND event_id = ANY($3::text[])`,
          [group, redemptionsGroup(group), replayed],
        )) === replayed.length || undefined,
      'the new group re-read the events',
    );
    expect(await figures()).toEqual(before);
  });
});
