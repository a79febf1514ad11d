import { churnReason, DEFAULT_CHURN_REASONS } from './churn-reasons';
import { fitClvModel, predictClv } from './clv';
import type { CustomerFacts } from './customer-facts';
import { DEFAULT_LIFECYCLE, lifecycleStage } from './lifecycle';
import { rfmBoundaries, rfmScores, rfmValues, valueTier } from './rfm';

const asOf = new Date('2025-12-31T00:00:00Z');
const daysAgo = (days: number) => new Date(asOf.getTime() - days * 86_400_000);

function customer(
  lastActivityDaysAgo: number,
  orders: { daysAgo: number; minor?: number; promotion?: boolean; refunded?: number }[] = [],
  extra: Partial<CustomerFacts> = {},
): CustomerFacts {
  return {
    customerId: 'cus',
    firstSeenAt: daysAgo(400),
    lastActivityAt: daysAgo(lastActivityDaysAgo),
    // Oldest first, as the repository reads them.
    orders: [...orders]
      .sort((a, b) => b.daysAgo - a.daysAgo)
      .map((o) => ({
        paidAt: daysAgo(o.daysAgo),
        paidMinor: o.minor ?? 10_000,
        refundedMinor: o.refunded ?? 0,
        promotion: o.promotion ?? false,
      })),
    complaints: 0,
    lowRatings: 0,
    ...extra,
  };
}

describe('lifecycle stages by event time', () => {
  it.each([
    [5, 'active'],
    [45, 'at-risk'],
    [75, 'churned-short'],
    [120, 'churned-mid'],
    [200, 'churned-long'],
  ] as const)('idle for %i days is %s', (idle, stage) => {
    expect(
      lifecycleStage(
        customer(idle, [{ daysAgo: idle }, { daysAgo: 300 }]),
        asOf,
        DEFAULT_LIFECYCLE,
      ),
    ).toBe(stage);
  });

  it('a customer first seen recently with at most one order is new', () => {
    expect(
      lifecycleStage(
        customer(1, [{ daysAgo: 1 }], { firstSeenAt: daysAgo(3) }),
        asOf,
        DEFAULT_LIFECYCLE,
      ),
    ).toBe('new');
  });
});

describe('churn reasons', () => {
  it('mostly promotion-driven orders: price-sensitive', () => {
    const facts = customer(100, [
      { daysAgo: 100, promotion: true },
      { daysAgo: 150, promotion: true },
      { daysAgo: 200 },
    ]);
    expect(churnReason(facts, DEFAULT_CHURN_REASONS)).toMatchObject({ reason: 'price-sensitive' });
  });

  it('a refund, a complaint or a low rating: dissatisfied, before price sensitivity by default', () => {
    const refunded = customer(100, [{ daysAgo: 100, promotion: true, refunded: 5_000 }]);
    expect(churnReason(refunded, DEFAULT_CHURN_REASONS)).toMatchObject({ reason: 'dissatisfied' });
    expect(churnReason(customer(100, [], { lowRatings: 1 }), DEFAULT_CHURN_REASONS).reason).toBe(
      'dissatisfied',
    );
    expect(
      churnReason(refunded, {
        ...DEFAULT_CHURN_REASONS,
        order: ['price-sensitive', 'dissatisfied'],
      }).reason,
    ).toBe('price-sensitive');
  });

  it('otherwise: needs-changed', () => {
    expect(churnReason(customer(100, [{ daysAgo: 100 }]), DEFAULT_CHURN_REASONS).reason).toBe(
      'needs-changed',
    );
  });
});

describe('RFM quintiles and value tier', () => {
  const population = Array.from({ length: 10 }, (_, i) =>
    customer(
      i * 10,
      Array.from({ length: i + 1 }, () => ({ daysAgo: i * 10, minor: (i + 1) * 1_000 })),
    ),
  );
  const values = population.map((facts) => rfmValues(facts, asOf)!);
  const boundaries = rfmBoundaries(values)!;

  it('recency scores the most recent buyer 5, frequency and monetary score the most frequent, biggest spender 5', () => {
    expect(rfmScores(values[0], boundaries)).toEqual({ r: 5, f: 1, m: 1 });
    expect(rfmScores(values[9], boundaries)).toEqual({ r: 1, f: 5, m: 5 });
  });

  it('scores spread over the five quintiles', () => {
    expect(new Set(values.map((v) => rfmScores(v, boundaries).m))).toEqual(
      new Set([1, 2, 3, 4, 5]),
    );
  });

  it('value tier follows the monetary score; no orders is low', () => {
    expect(valueTier({ r: 1, f: 1, m: 5 })).toBe('high');
    expect(valueTier({ r: 1, f: 1, m: 3 })).toBe('mid');
    expect(valueTier({ r: 5, f: 5, m: 2 })).toBe('low');
    expect(valueTier(undefined)).toBe('low');
    expect(rfmValues(customer(1), asOf)).toBeUndefined();
  });
});

describe('CLV', () => {
  const population = [
    customer(5, [{ daysAgo: 5 }, { daysAgo: 40 }, { daysAgo: 80 }, { daysAgo: 120 }]),
    customer(300, [{ daysAgo: 300 }]),
    customer(10),
  ];
  const model = fitClvModel(population, asOf);

  it('historical value is what the customer paid net of refunds', () => {
    const facts = customer(5, [{ daysAgo: 5, minor: 10_000, refunded: 2_500 }]);
    expect(predictClv(facts, asOf, model).historicalMinor).toBe(7_500);
  });

  it('a frequent recent buyer is predicted to be worth more than a lapsed one-time buyer', () => {
    const regular = predictClv(population[0], asOf, model).predictedMinor;
    const lapsed = predictClv(population[1], asOf, model).predictedMinor;
    expect(regular).toBeGreaterThan(lapsed);
    expect(lapsed).toBeGreaterThanOrEqual(0);
  });
});
