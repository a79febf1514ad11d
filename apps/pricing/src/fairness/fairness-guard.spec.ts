import fc from 'fast-check';
import { at, candidate } from '../selection/price-candidate.spec-helper';
import type { PriceCandidate } from '../selection/price-candidate';
import { rulePriceCandidate } from '../selection/price-catalog.repository';
import { guardedSelect, type FairnessExemption, type FairnessPolicy } from './fairness-guard';

const policy: FairnessPolicy = {
  memberGroups: ['silver', 'gold', 'diamond', 'loyal'],
  baselineGroups: ['regular', 'new'],
};
const june = at('2026-06-18T00:00:00Z');
const query = (customerGroups: string[]) => ({
  channel: 'tmall',
  customerGroups,
  at: june,
  quantity: 1,
});

describe('the fairness guard at selection', () => {
  it('gives a member the anonymous price when two lists together would charge the member more', () => {
    const memberList = candidate({ id: 'gold', customerGroup: 'gold', amount: 9_500 });
    const saleList = candidate({
      id: 'sale',
      channel: 'tmall',
      amount: 8_800,
      priceListId: 'flash-sale',
      validFrom: at('2026-06-18T00:00:00Z'),
    });
    const guarded = guardedSelect([memberList, saleList], query(['gold']), policy, [], 'SKU-1');
    expect(guarded.selected).toMatchObject({ priceId: 'gold', amount: 8_800 });
    expect(guarded.fairness).toEqual({
      memberPrice: 9_500,
      baselinePrice: 8_800,
      baselineGroup: null,
      corrected: true,
    });
  });

  it('leaves a fair member price alone and anonymous shoppers unchecked', () => {
    const prices = [
      candidate({ amount: 10_000 }),
      candidate({ customerGroup: 'gold', amount: 9_000 }),
    ];
    expect(guardedSelect(prices, query(['gold']), policy, [], 'SKU-1').fairness).toMatchObject({
      corrected: false,
    });
    expect(guardedSelect(prices, query([]), policy, [], 'SKU-1').fairness).toBeUndefined();
  });

  it('counts a new-customer price as the baseline unless an exemption policy says otherwise', () => {
    const prices = [
      candidate({ customerGroup: 'gold', amount: 9_000 }),
      candidate({ customerGroup: 'new', amount: 6_900 }),
    ];
    expect(guardedSelect(prices, query(['gold']), policy, [], 'SKU-1').selected?.amount).toBe(
      6_900,
    );
    const welcome: FairnessExemption = {
      id: 'welcome',
      baselineGroup: 'new',
      sku: null,
      validFrom: null,
      validTo: null,
    };
    const exempted = guardedSelect(prices, query(['gold']), policy, [welcome], 'SKU-1');
    expect(exempted.selected?.amount).toBe(9_000);
  });

  it('for random lists, rule results and times, a member never pays more than an anonymous shopper', () => {
    const day = 24 * 60 * 60 * 1000;
    const base = Date.parse('2026-06-01T00:00:00Z');
    const window = fc.option(fc.integer({ min: 0, max: 30 }), { nil: null });
    const price = fc.record({
      amount: fc.integer({ min: 1, max: 100_000 }),
      channel: fc.constantFrom(null, 'tmall', 'jd', 'pos'),
      customerGroup: fc.constantFrom(null, 'gold', 'silver', 'loyal', 'regular', 'new'),
      country: fc.constantFrom(null, 'CN', 'HK'),
      from: window,
      days: fc.integer({ min: 1, max: 20 }),
      listFrom: window,
      tierAmount: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(price, { maxLength: 12 }),
        fc.array(
          fc.record({
            channel: fc.constantFrom('', 'tmall', 'jd', 'pos'),
            amount: fc.integer({ min: 1, max: 100_000 }),
            day: fc.integer({ min: 0, max: 30 }),
          }),
          { maxLength: 3 },
        ),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('tmall', 'jd', 'pos', 'app'),
        fc.constantFrom(undefined, 'CN', 'HK'),
        fc.subarray(['gold', 'silver', 'loyal'], { minLength: 1 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        (drawn, rules, dayOffset, channel, country, memberGroups, alsoRegular, quantity) => {
          const prices: PriceCandidate[] = drawn.map((p, i) =>
            candidate({
              id: `r${i}`,
              priceListId: `list-${i % 3}`,
              amount: p.amount,
              channel: p.channel,
              customerGroup: p.customerGroup,
              country: p.country,
              validFrom: p.from === null ? null : new Date(base + p.from * day),
              validTo: p.from === null ? null : new Date(base + (p.from + p.days) * day),
              listValidFrom: p.listFrom === null ? null : new Date(base + p.listFrom * day),
              quantityTiers:
                p.tierAmount === null ? [] : [{ minQuantity: 3, amount: p.tierAmount }],
            }),
          );
          // Rule results compete as dated prices at their channel's level (or unscoped).
          const seen = new Set<string>();
          for (const rule of rules) {
            if (seen.has(rule.channel)) continue;
            seen.add(rule.channel);
            prices.push(
              rulePriceCandidate({
                sku: 'SKU-1',
                currency: 'CNY',
                channel: rule.channel,
                amount: rule.amount,
                rule_id: `rule-${rule.channel}`,
                decided_at: new Date(base + rule.day * day),
              }),
            );
          }
          const moment = { at: new Date(base + dayOffset * day), channel, country, quantity };
          const member = guardedSelect(
            prices,
            {
              ...moment,
              customerGroups: alsoRegular ? [...memberGroups, 'regular'] : memberGroups,
            },
            policy,
            [],
            'SKU-1',
          ).selected;
          const anonymous = guardedSelect(
            prices,
            { ...moment, customerGroups: [] },
            policy,
            [],
            'SKU-1',
          ).selected;
          return (
            member === undefined || anonymous === undefined || member.amount <= anonymous.amount
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
