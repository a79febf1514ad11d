import fc from 'fast-check';
import { CUSTOMER_SET_METRICS, deriveMetrics, emptyBase, KPI_METRICS } from './kpi-metrics';

const base = (overrides: Partial<ReturnType<typeof emptyBase>>) => ({
  ...emptyBase(0, 0.6),
  ...overrides,
});

describe('KPI metrics', () => {
  it('a ratio over nothing is null, not zero', () => {
    const metrics = deriveMetrics(base({}), KPI_METRICS);
    expect(metrics).toMatchObject({
      aov: null,
      conversionRate: null,
      ctr: null,
      repurchaseRate: null,
      cac: null,
      roas: null,
    });
    expect(metrics['orders']).toBe(0);
  });

  it('AOV and CAC are integer minor units, half away from zero', () => {
    expect(deriveMetrics(base({ gmv: 10_001, orders: 2 }), ['aov'])).toEqual({ aov: 5_001 });
    expect(deriveMetrics(base({ spend: 10_000, newBuyers: 3 }), ['cac'])).toEqual({ cac: 3_333 });
  });

  it('orders in another currency are left out of AOV', () => {
    expect(deriveMetrics(base({ gmv: 9_000, orders: 4, otherCurrencyOrders: 1 }), ['aov'])).toEqual(
      { aov: 3_000 },
    );
  });

  it('GMV net subtracts refunds and cancellations; ROAS and ROI use it', () => {
    const b = base({ gmv: 100_000, refunded: 10_000, cancelled: 10_000, spend: 20_000 });
    expect(deriveMetrics(b, ['gmvNet', 'roas', 'roi'])).toEqual({
      gmvNet: 80_000,
      roas: 4,
      roi: (80_000 * 0.4 - 20_000) / 20_000,
    });
  });

  it('returning buyers and the repurchase rate come from buyers and new buyers', () => {
    expect(
      deriveMetrics(base({ buyers: 4, newBuyers: 1 }), ['returningBuyers', 'repurchaseRate']),
    ).toEqual({
      returningBuyers: 3,
      repurchaseRate: 0.75,
    });
  });

  it('spend is null in hourly buckets, and so are CAC, ROAS and ROI', () => {
    expect(deriveMetrics(emptyBase(null, 0.6), ['spend', 'cac', 'roas', 'roi'])).toEqual({
      spend: null,
      cac: null,
      roas: null,
      roi: null,
    });
  });

  it('a metric outside CUSTOMER_SET_METRICS never depends on the customer sets', () => {
    const counters = KPI_METRICS.filter((metric) => !CUSTOMER_SET_METRICS.has(metric));
    const count = fc.nat({ max: 1_000_000 });
    const people = fc.record({
      visitors: count,
      buyers: count,
      newBuyers: count,
      respondents: count,
      contacts: count,
    });
    fc.assert(
      fc.property(
        fc.record({
          orders: count,
          gmv: count,
          refunded: count,
          touches: count,
          clicks: count,
          csatAnswers: count,
          spend: fc.option(count, { nil: null }),
        }),
        people,
        people,
        (figures, one, other) => {
          expect(deriveMetrics(base({ ...figures, ...one }), counters)).toEqual(
            deriveMetrics(base({ ...figures, ...other }), counters),
          );
        },
      ),
    );
  });

  it('every metric inside CUSTOMER_SET_METRICS reads the customer sets', () => {
    for (const metric of CUSTOMER_SET_METRICS) {
      const figures = { orders: 5, gmv: 5_000, spend: 1_000 };
      const one = deriveMetrics(
        base({ ...figures, visitors: 9, buyers: 4, newBuyers: 1, respondents: 2, contacts: 3 }),
        [metric],
      );
      const other = deriveMetrics(
        base({ ...figures, visitors: 7, buyers: 3, newBuyers: 2, respondents: 1, contacts: 1 }),
        [metric],
      );
      expect([metric, one]).not.toEqual([metric, other]);
    }
  });
});
