import type { FairnessPolicy } from '../fairness/fairness-guard';
import { at, candidate } from '../selection/price-candidate.spec-helper';
import { fairnessViolations, overlappingPrices } from './publish-checks';

const policy: FairnessPolicy = { memberGroups: ['gold'], baselineGroups: ['new'] };

describe('publishing refuses overlapping prices in one scope', () => {
  it('names both prices of one scope whose windows overlap', () => {
    const first = candidate({
      id: 'a',
      channel: 'tmall',
      validFrom: at('2026-06-01T00:00:00Z'),
      validTo: at('2026-06-10T00:00:00Z'),
    });
    const second = candidate({
      id: 'b',
      channel: 'tmall',
      validFrom: at('2026-06-09T00:00:00Z'),
      validTo: at('2026-06-20T00:00:00Z'),
    });
    expect(overlappingPrices([first, second])).toEqual([
      expect.objectContaining({ sku: 'SKU-1', channel: 'tmall', first: 'a', second: 'b' }),
    ]);
  });

  it('accepts windows that touch, other scopes, and a dated price over an undated one', () => {
    const prices = [
      candidate({
        id: 'a',
        validFrom: at('2026-06-01T00:00:00Z'),
        validTo: at('2026-06-10T00:00:00Z'),
      }),
      candidate({ id: 'b', validFrom: at('2026-06-10T00:00:00Z') }),
      candidate({ id: 'c' }),
      candidate({ id: 'd', channel: 'jd' }),
      candidate({ id: 'e', customerGroup: 'gold' }),
    ];
    expect(overlappingPrices(prices)).toEqual([]);
  });

  it('treats two undated prices of one scope as overlapping for ever', () => {
    expect(overlappingPrices([candidate({ id: 'a' }), candidate({ id: 'b' })])).toHaveLength(1);
  });
});

describe('publishing refuses a member price above the baseline price', () => {
  it('names the SKU, the member price and the baseline price', () => {
    const violations = fairnessViolations(
      [
        candidate({ id: 'anon', amount: 9_000 }),
        candidate({ id: 'gold', customerGroup: 'gold', amount: 9_500 }),
      ],
      policy,
      [],
    );
    expect(violations).toEqual([
      expect.objectContaining({
        sku: 'SKU-1',
        customerGroup: 'gold',
        memberPrice: 9_500,
        memberPriceId: 'gold',
        baselinePrice: 9_000,
        baselinePriceId: 'anon',
      }),
    ]);
  });

  it('finds the moment a member price outlives a lower baseline window', () => {
    const violations = fairnessViolations(
      [
        candidate({ id: 'anon', amount: 10_000 }),
        candidate({ id: 'gold', customerGroup: 'gold', amount: 9_000 }),
        candidate({
          id: 'flash',
          channel: 'tmall',
          amount: 8_000,
          validFrom: at('2026-06-18T00:00:00Z'),
          validTo: at('2026-06-19T00:00:00Z'),
        }),
      ],
      policy,
      [],
    );
    expect(violations).toEqual([
      expect.objectContaining({
        channel: 'tmall',
        at: '2026-06-18T00:00:00.000Z',
        baselinePrice: 8_000,
      }),
    ]);
  });

  it('accepts a list where every member pays at most what a newcomer pays', () => {
    const prices = [
      candidate({ amount: 10_000 }),
      candidate({ channel: 'tmall', amount: 9_800 }),
      candidate({ customerGroup: 'gold', amount: 9_500 }),
      candidate({ customerGroup: 'new', amount: 9_600 }),
    ];
    expect(fairnessViolations(prices, policy, [])).toEqual([]);
  });
});
