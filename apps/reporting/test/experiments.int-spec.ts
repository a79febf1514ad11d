import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import { placed, resolved, startReporting, type TestEvent } from './support/reporting-harness';

type Readout = {
  status: string;
  excluded: number;
  variants: {
    variant: string;
    exposed: number;
    converted: number;
    revenue: number;
    revenuePerUser: number;
  }[];
  sampleRatio: { chiSquare: number; pValue: number; mismatch: boolean; method: string };
  comparisons?: {
    variant: string;
    control: string;
    conversion: {
      method: string;
      z: number;
      pValue: number;
      difference: number;
      significant: boolean;
    };
    revenuePerUser: { method: string; pValue: number; difference: number };
  }[];
};

describe('A/B read-outs from context.experiments', () => {
  const experiment = `exp-${randomUUID()}`;

  const reporting = useHarness(() => startReporting({ REPORTING_AB_MIN_SAMPLE: '4' }));

  beforeAll(async () => {
    const exposure = (customerId: string, variant: string, extra: Record<string, string> = {}) =>
      resolved('page.viewed', customerId, {
        at: '2026-08-01T10:00:00Z',
        experiments: { [experiment]: variant, ...extra },
      });
    const order = (customerId: string, total: number, at = '2026-08-02T10:00:00Z') =>
      placed(customerId, `o-${randomUUID()}`, total, { at });
    const people = (n: number) => Array.from({ length: n }, () => `cus-${randomUUID()}`);
    const control = people(4);
    const treatment = people(4);
    const both = `cus-${randomUUID()}`;
    const events: TestEvent[] = [
      ...control.map((c) => exposure(c, 'control')),
      ...treatment.map((c) => exposure(c, 'treatment')),
      // One converts in control; an order placed before exposure does not count.
      order(control[0], 10_000),
      order(control[1], 99_000, '2026-07-30T10:00:00Z'),
      // Three convert in treatment.
      order(treatment[0], 10_000),
      order(treatment[1], 20_000),
      order(treatment[2], 30_000),
      // Someone who saw both variants is left out.
      exposure(both, 'control'),
      resolved('product.viewed', both, {
        at: '2026-08-01T11:00:00Z',
        experiments: { [experiment]: 'treatment' },
      }),
      order(both, 50_000),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
  });

  it('reads out exposure, conversion and revenue per variant with a hand-worked z-test', async () => {
    const { status, body } = await reporting.get<Readout>(`/v1/experiments/${experiment}`);
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.excluded).toBe(1);
    expect(body.variants).toEqual([
      expect.objectContaining({
        variant: 'control',
        exposed: 4,
        converted: 1,
        revenue: 10_000,
        revenuePerUser: 2_500,
      }),
      expect.objectContaining({
        variant: 'treatment',
        exposed: 4,
        converted: 3,
        revenue: 60_000,
        revenuePerUser: 15_000,
      }),
    ]);
    const [comparison] = body.comparisons!;
    expect(comparison.control).toBe('control');
    // 1/4 vs 3/4: pooled 0.5, se = √(0.25 × 0.5) = 0.35355, z = 0.5 / 0.35355 = 1.41421, p = 0.157299.
    expect(comparison.conversion.method).toMatch(/two-proportion z-test/);
    expect(comparison.conversion.z).toBeCloseTo(1.414214, 5);
    expect(comparison.conversion.pValue).toBeCloseTo(0.157299, 5);
    expect(comparison.conversion.significant).toBe(false);
    expect(comparison.revenuePerUser.method).toMatch(/Welch/);
    expect(comparison.revenuePerUser.difference).toBe(12_500);
    expect(body.sampleRatio.mismatch).toBe(false);
  });

  it('flags a sample-ratio mismatch against the expected split', async () => {
    // 4 and 4 where 1 : 9 was expected: χ² = 3.2²/0.8 + 3.2²/7.2 = 14.22, p = 0.00016.
    const { body } = await reporting.get<Readout>(
      `/v1/experiments/${experiment}?split=control:1,treatment:9`,
    );
    expect(body.status).toBe('sample-ratio-mismatch');
    expect(body.sampleRatio.chiSquare).toBeCloseTo(14.2222, 3);
    expect(body.sampleRatio.mismatch).toBe(true);
  });

  it('says "insufficient sample" below the minimum and draws no conclusions', async () => {
    await reporting.restart({ REPORTING_AB_MIN_SAMPLE: '5' });
    const { body } = await reporting.get<Readout>(`/v1/experiments/${experiment}`);
    expect(body.status).toBe('insufficient-sample');
    expect(body.comparisons).toBeUndefined();
  });

  it('an experiment nobody saw is 404, an unknown control or split 400', async () => {
    const missing = await reporting.get<{ code: string }>(`/v1/experiments/exp-${randomUUID()}`);
    expect([missing.status, missing.body.code]).toEqual([404, 'experiment_not_found']);
    const control = await reporting.get<{ code: string }>(
      `/v1/experiments/${experiment}?control=holdout`,
    );
    expect([control.status, control.body.code]).toEqual([400, 'unknown_variant']);
    const split = await reporting.get<{ code: string }>(
      `/v1/experiments/${experiment}?split=control:1`,
    );
    expect([split.status, split.body.code]).toEqual([400, 'invalid_split']);
    const malformed = await reporting.get<{ code: string }>(
      `/v1/experiments/${experiment}?split=half`,
    );
    expect([malformed.status, malformed.body.code]).toEqual([400, 'invalid_request']);
  });
});
