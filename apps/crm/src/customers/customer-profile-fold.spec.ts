import fc from 'fast-check';
import { addFacts, emptyFold, foldProfile, profileOf, type FoldState } from './customer-profile';
import type { CustomerFact } from './customers.repository';
import type { TraitStrategy } from './trait-strategies';

const TYPES = [
  'page.viewed',
  'order.placed',
  'order.paid',
  'order.refunded',
  'order.cancelled',
  'store.visited',
  'review.submitted',
  'service.contacted',
  'customer.identified',
] as const;

const factArb = (eventKey: string): fc.Arbitrary<CustomerFact> =>
  fc
    .record({
      type: fc.constantFrom(...TYPES),
      channel: fc.option(fc.constantFrom('tmall', 'jd', 'pos', 'app'), { nil: null }),
      // Few distinct instants, so ties on event time are common.
      minute: fc.integer({ min: 0, max: 20 }),
      order: fc.integer({ min: 0, max: 4 }),
      amount: fc.integer({ min: 1, max: 100_000 }),
      currency: fc.constantFrom('CNY', 'USD'),
      city: fc.constantFrom('杭州市', '苏州市', '上海市'),
      score: fc.integer({ min: 0, max: 9 }),
    })
    .map(({ type, channel, minute, order, amount, currency, city, score }) => ({
      eventKey,
      customerId: 'c',
      type,
      channel,
      occurredAt: new Date(Date.UTC(2026, 5, 1, 10, minute)),
      orderId: type.startsWith('order.') || type === 'service.contacted' ? `o${order}` : null,
      amount: type === 'order.paid' || type === 'order.refunded' ? amount : null,
      currency: type === 'order.paid' || type === 'order.refunded' ? currency : null,
      data:
        type === 'customer.identified'
          ? { traits: { city, score, tags: city } }
          : type === 'service.contacted'
            ? { contactId: `sc-${eventKey}`, reason: 'complaint' }
            : null,
    }));

const factsArb = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => factArb(`e${i}`))));

const strategies: Record<string, TraitStrategy> = { city: 'latest', score: 'max', tags: 'union' };

describe('the profile kept on write', () => {
  it('equals the fold of all facts, whatever batches and order the facts were added in', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        (facts, shuffle, sizes) => {
          const arrival = [...facts];
          if (arrival.length > 0) {
            shuffle.forEach((k, i) => {
              const [x, y] = [i % arrival.length, k % arrival.length];
              [arrival[x], arrival[y]] = [arrival[y], arrival[x]];
            });
          }
          let state: FoldState = emptyFold();
          let at = 0;
          for (let b = 0; at < arrival.length; b++) {
            const size = sizes[b % sizes.length];
            // Stored as jsonb between batches.
            state = JSON.parse(JSON.stringify(addFacts(state, arrival.slice(at, at + size))));
            at += size;
          }
          expect(profileOf(state, strategies)).toEqual(foldProfile(facts, strategies));
        },
      ),
      { numRuns: 300 },
    );
  });
});
