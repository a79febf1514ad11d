// Random promotions and carts for the engine's property specs (and the quote workers' spec).
import fc from 'fast-check';
import { TIERS } from '@omni/contracts';
import { promotion } from './engine.spec-helper';
import type { Cart, RuleRef } from './types';

const skus = ['s1', 's2', 's3', 's4'];
const categories = ['shoes', 'bags'];

const scope = fc.oneof(
  fc.constant({}),
  fc.record({ skus: fc.uniqueArray(fc.constantFrom(...skus), { minLength: 1 }) }),
  fc.record({ categories: fc.uniqueArray(fc.constantFrom(...categories), { minLength: 1 }) }),
);

const action: fc.Arbitrary<RuleRef> = fc.oneof(
  fc.record({
    code: fc.constant('percent-off'),
    args: fc
      .tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('lines', 'order'), scope)
      .map(([basisPoints, target, lines]) => ({ basisPoints, target, ...lines })),
  }),
  fc.record({
    code: fc.constant('amount-off'),
    args: fc
      .tuple(fc.integer({ min: 1, max: 60_000 }), fc.constantFrom('order', 'unit'), scope)
      .map(([amount, per, lines]) => ({ amount, per, ...lines })),
  }),
  fc.record({
    code: fc.constant('fixed-price'),
    args: fc
      .tuple(fc.integer({ min: 0, max: 20_000 }), scope)
      .map(([unitPrice, lines]) => ({ unitPrice, ...lines })),
  }),
  fc.record({
    code: fc.constant('buy-x-get-y'),
    args: fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), scope)
      .map(([buy, get, lines]) => ({ buy, get, ...lines })),
  }),
  fc.record({
    code: fc.constant('spend-tiers'),
    args: fc
      .tuple(fc.integer({ min: 1, max: 40_000 }), fc.integer({ min: 1, max: 40_000 }))
      .map(([threshold, step]) => ({
        tiers: [
          { threshold, off: Math.ceil(threshold / 6) },
          { threshold: threshold + step, off: Math.ceil((threshold + step) / 5) },
        ],
      })),
  }),
  fc.record({
    code: fc.constant('every-spend'),
    args: fc
      .integer({ min: 100, max: 30_000 })
      .map((every) => ({ every, off: Math.ceil(every / 6) })),
  }),
  fc.record({ code: fc.constant('free-shipping'), args: fc.constant({}) }),
  fc.record({ code: fc.constant('gift'), args: fc.constant({ sku: 'gift-1', quantity: 1 }) }),
);

const condition: fc.Arbitrary<RuleRef> = fc.oneof(
  fc.record({
    code: fc.constant('min-subtotal'),
    args: fc.integer({ min: 1, max: 50_000 }).map((amount) => ({ amount })),
  }),
  fc.record({
    code: fc.constant('tier-at-least'),
    args: fc.constantFrom(...TIERS).map((tier) => ({ tier })),
  }),
  fc.record({ code: fc.constant('segment'), args: fc.constant({ segments: ['vip'] }) }),
  fc.record({ code: fc.constant('first-order'), args: fc.constant({}) }),
  fc.record({ code: fc.constant('coupon-code'), args: fc.constant({ code: 'C1' }) }),
  fc.record({
    code: fc.constant('min-quantity'),
    args: fc.integer({ min: 1, max: 6 }).map((quantity) => ({ quantity })),
  }),
);

export const promotions = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^p[0-9]{1,2}$/),
      budget: fc.option(
        fc.record({ remainingAmount: fc.integer({ min: 0, max: 20_000 }) }, { requiredKeys: [] }),
        { nil: undefined },
      ),
      priority: fc.integer({ min: 0, max: 3 }),
      conditions: fc.array(condition, { maxLength: 2 }),
      actions: fc.array(action, { minLength: 1, maxLength: 2 }),
      stopsFurtherPromotions: fc.boolean(),
      exclusiveGroup: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
      allowBelowFloor: fc.boolean(),
    }),
    { selector: (entry) => entry.id, maxLength: 6 },
  )
  .map((list) => list.map((fields) => promotion(fields)));

export const carts: fc.Arbitrary<Cart> = fc.record({
  channel: fc.constant('tmall'),
  currency: fc.constant('CNY'),
  at: fc.constant('2026-11-11T04:00:00.000Z'),
  customer: fc.record({
    customerId: fc.option(fc.constant('c-1'), { nil: undefined }),
    tier: fc.option(fc.constantFrom(...TIERS), { nil: undefined }),
    segments: fc.subarray(['vip', 'churned']),
    firstOrder: fc.boolean(),
  }),
  lines: fc.uniqueArray(
    fc
      .record({
        lineId: fc.stringMatching(/^l[0-9]{1,2}$/),
        sku: fc.constantFrom(...skus),
        quantity: fc.integer({ min: 1, max: 4 }),
        unitPrice: fc.integer({ min: 0, max: 30_000 }),
        categories: fc.subarray(categories),
        floorPercent: fc.integer({ min: 0, max: 100 }),
      })
      .map(({ floorPercent, ...line }) => ({
        ...line,
        floorUnitPrice: Math.floor((line.unitPrice * floorPercent) / 100),
      })),
    { selector: (line) => line.lineId, minLength: 1, maxLength: 8 },
  ),
  coupons: fc.subarray([{ code: 'C1' }]),
  shipping: fc.integer({ min: 0, max: 2_000 }),
});
