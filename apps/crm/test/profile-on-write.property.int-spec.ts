import { randomUUID } from 'node:crypto';
import { parseDownstreamEvent, type DownstreamEventOf } from '@omni/contracts';
import fc from 'fast-check';
import { useHarness } from '@omni/testing';
import { CustomerActivityService } from '../src/customers/customer-activity.service';
import { CustomerProfileService } from '../src/customers/customer-profile.service';
import { foldProfile } from '../src/customers/customer-profile';
import { CustomersRepository } from '../src/customers/customers.repository';
import { IdentityChangesService } from '../src/identity-changes/identity-changes.service';
import {
  auth,
  paid,
  profileChange,
  refunded,
  resolvedEvent,
  startCrm,
} from './support/crm-harness';

const STRATEGIES = { city: 'latest', birthday: 'first', score: 'max', tags: 'union' } as const;

type Step = {
  kind: 'identified' | 'paid' | 'refunded' | 'visit' | 'review' | 'contact' | 'view';
  minute: number;
  order: number;
  amount: number;
  channel: string;
  city: string;
  score: number;
};

const step: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('identified', 'paid', 'refunded', 'visit', 'review', 'contact', 'view'),
  // Few distinct instants: ties on event time are common.
  minute: fc.integer({ min: 0, max: 30 }),
  order: fc.integer({ min: 0, max: 3 }),
  amount: fc.integer({ min: 1, max: 500_000 }),
  channel: fc.constantFrom('tmall', 'jd', 'pos', 'app'),
  city: fc.constantFrom('杭州市', '苏州市', '上海市'),
  score: fc.integer({ min: 0, max: 9 }),
});

function eventOf(customerId: string, s: Step): Record<string, unknown> {
  const occurredAt = new Date(Date.UTC(2026, 5, 1, 10, s.minute));
  const orderId = `${customerId}:o${s.order}`;
  const withChannel = (event: Record<string, unknown>) => ({ ...event, channel: s.channel });
  switch (s.kind) {
    case 'identified':
      return withChannel(
        resolvedEvent('customer.identified', customerId, {
          occurredAt,
          payload: {
            traits: {
              city: s.city,
              score: s.score,
              tags: s.city,
              birthday: `199${s.score}-0${1 + (s.order % 9)}-1${s.order}`,
            },
          },
        }),
      );
    case 'paid':
      return withChannel(paid(customerId, orderId, s.amount, occurredAt));
    case 'refunded':
      return withChannel(refunded(customerId, orderId, Math.ceil(s.amount / 3), occurredAt));
    case 'visit':
      return withChannel(resolvedEvent('store.visited', customerId, { occurredAt }));
    case 'review':
      return withChannel(
        resolvedEvent('review.submitted', customerId, {
          occurredAt,
          payload: { orderId, reviewId: `rv-${randomUUID()}`, rating: 1 + (s.score % 5) },
        }),
      );
    case 'contact':
      return withChannel(
        resolvedEvent('service.contacted', customerId, {
          occurredAt,
          payload: { contactId: `sc-${randomUUID()}`, reason: 'complaint', satisfaction: 2 },
        }),
      );
    case 'view':
      return withChannel(resolvedEvent('product.viewed', customerId, { occurredAt }));
  }
}

describe('the profile kept on write (property)', () => {
  const crm = useHarness(() => startCrm({ CRM_TRAIT_STRATEGIES: JSON.stringify(STRATEGIES) }));

  const inBatches = async (
    events: readonly Record<string, unknown>[],
    sizes: readonly number[],
  ) => {
    const activity = crm.app.get(CustomerActivityService);
    for (let at = 0, b = 0; at < events.length; b++) {
      const size = sizes[b % sizes.length];
      const batch = events.slice(at, at + size).map((event) => parseDownstreamEvent(event));
      await crm.dataSource.transaction((tx) => activity.applyMany(batch, tx));
      at += size;
    }
  };

  const get = async (customerId: string) => {
    const response = await crm.app.inject({
      method: 'GET',
      url: `/v1/customers/${customerId}`,
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    return response.json() as Record<string, unknown>;
  };

  /** What folding every fact crm holds of the customer gives, at read time. */
  const foldOfAllFacts = async (customerId: string) =>
    foldProfile(
      await crm.app.get(CustomersRepository).facts(crm.dataSource.manager, customerId),
      STRATEGIES,
    );

  it('GET /v1/customers/{id} answers what the fold of all the customer’s facts gives, whatever the batches, order, redeliveries and merges', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.array(step, { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (steps, otherSteps, sizes, merge) => {
          const [customerId, other] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
          const events = steps.map((s) => eventOf(customerId, s));
          // Every batch again, as a redelivery would: nothing is counted twice.
          await inBatches([...events, ...events.slice(0, 3)], sizes);
          if (merge && otherSteps.length > 0) {
            await inBatches(
              otherSteps.map((s) => eventOf(other, s)),
              sizes,
            );
            const event = parseDownstreamEvent(
              profileChange('profile.merged', customerId, {
                survivorId: customerId,
                mergedIds: [other],
                version: 2,
              }),
            ) as DownstreamEventOf<'profile.merged', 1>;
            await crm.dataSource.transaction((tx) =>
              crm.app.get(IdentityChangesService).merged(tx, event),
            );
          }
          const answered = await get(customerId);
          const expected = await foldOfAllFacts(customerId);
          expect(answered).toMatchObject(JSON.parse(JSON.stringify(expected)));
          expect(answered['serviceContacts']).toEqual(
            JSON.parse(JSON.stringify(expected.serviceContacts)),
          );
          expect(answered['channels']).toEqual(JSON.parse(JSON.stringify(expected.channels)));
        },
      ),
      { numRuns: 20 },
    );
  });

  it('a customer without a kept profile (not touched since profiles were kept on write) is folded from its facts', async () => {
    const customerId = `cus-${randomUUID()}`;
    await inBatches(
      [
        eventOf(customerId, { ...baseStep, kind: 'identified' }),
        eventOf(customerId, { ...baseStep, kind: 'paid', minute: 5 }),
      ],
      [1],
    );
    const kept = await get(customerId);
    await crm.dataSource.query(`DELETE FROM customer_profiles WHERE customer_id = $1`, [
      customerId,
    ]);
    expect(await get(customerId)).toEqual(kept);
    expect(kept['orders']).toMatchObject({ count: 1, paid: 1 });
  });

  it('a kept profile merged by other trait strategies is merged again by the current ones', async () => {
    const customerId = `cus-${randomUUID()}`;
    await inBatches(
      [
        eventOf(customerId, { ...baseStep, kind: 'identified', minute: 1, score: 7 }),
        eventOf(customerId, { ...baseStep, kind: 'identified', minute: 2, score: 4 }),
      ],
      [2],
    );
    const kept = await get(customerId);
    expect(kept['traits']).toMatchObject({ birthday: { value: '1997-01-10', strategy: 'first' } });
    // As a view kept while CRM_TRAIT_STRATEGIES said otherwise would be.
    await crm.dataSource.query(
      `UPDATE customer_profiles SET view = '{"traits": {}}', view_strategies = '[]'
       WHERE customer_id = $1`,
      [customerId],
    );
    expect(await get(customerId)).toEqual(kept);
  });

  it('answers one JSON document: tier, benefits, points, the kept profile, tier changes, segments, insights and consent', async () => {
    const customerId = `cus-${randomUUID()}`;
    await inBatches(
      [
        eventOf(customerId, { ...baseStep, kind: 'identified' }),
        eventOf(customerId, { ...baseStep, kind: 'paid', minute: 5, amount: 300_000 }),
      ],
      [2],
    );
    const consent = await crm.app.inject({
      method: 'PUT',
      url: `/v1/customers/${customerId}/consent`,
      headers: auth,
      payload: {
        consents: [{ channel: 'sms', purpose: 'marketing', granted: true }],
        actor: 'spec',
      },
    });
    expect(consent.statusCode).toBe(200);
    const segmentId = `seg-${randomUUID()}`;
    await crm.dataSource.query(
      `INSERT INTO segments (segment_id, name, rule, created_by) VALUES ($1, $1, '{}', 'spec')`,
      [segmentId],
    );
    // Microseconds, as now() writes them: answered to the millisecond, as Date does.
    await crm.dataSource.query(
      `INSERT INTO segment_members (segment_id, customer_id, joined_at)
       VALUES ($1, $2, '2026-06-01T10:00:00.123456Z')`,
      [segmentId, customerId],
    );
    await crm.dataSource.query(
      `INSERT INTO customer_insights (customer_id, first_seen_at, last_activity_at, rfm_r, rfm_f,
         rfm_m, lifecycle, value_tier, churn_reason, clv_currency, clv_historical_minor,
         clv_predicted_minor)
       VALUES ($1, now(), now(), 4, NULL, 2, 'at-risk', 'mid', 'needs-changed', 'CNY', 300000, 12345)`,
      [customerId],
    );
    const response = await crm.app.inject({
      method: 'GET',
      url: `/v1/customers/${customerId}`,
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const [decided]: { occurred_at: Date }[] = await crm.dataSource.query(
      `SELECT occurred_at FROM consent WHERE customer_id = $1`,
      [customerId],
    );
    const profile = await crm.app.get(CustomerProfileService).profile(customerId);
    expect(response.json()).toEqual({
      ...JSON.parse(JSON.stringify(profile)),
      segments: [{ segmentId, name: segmentId, joinedAt: '2026-06-01T10:00:00.123Z' }],
      lifecycle: 'at-risk',
      valueTier: 'mid',
      churnReason: 'needs-changed',
      rfm: { r: 4, f: 0, m: 2 },
      consent: [
        {
          channel: 'sms',
          purpose: 'marketing',
          granted: true,
          occurredAt: decided.occurred_at.toISOString(),
        },
      ],
      clv: { currency: 'CNY', historicalMinor: 300_000, predictedMinor: 12_345 },
    });
    expect(profile).toMatchObject({
      benefits: { pointsMultiplierPercent: expect.any(Number) },
      points: { balance: 3_000, tierQualifying: 3_000 },
      orders: { paid: 1 },
    });
  });

  it('an erased customer’s kept profile is deleted with the rest', async () => {
    const customerId = `cus-${randomUUID()}`;
    await inBatches([eventOf(customerId, { ...baseStep, kind: 'identified' })], [1]);
    const erase = parseDownstreamEvent(
      profileChange('profile.erased', customerId, { customerId, version: 3 }),
    ) as DownstreamEventOf<'profile.erased', 1>;
    await crm.dataSource.transaction((tx) => crm.app.get(IdentityChangesService).erased(tx, erase));
    const rows = await crm.dataSource.query(
      `SELECT 1 FROM customer_profiles WHERE customer_id = $1`,
      [customerId],
    );
    expect(rows).toHaveLength(0);
  });
});

const baseStep: Step = {
  kind: 'view',
  minute: 0,
  order: 0,
  amount: 10_000,
  channel: 'app',
  city: '杭州市',
  score: 3,
};
