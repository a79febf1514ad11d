import fc from 'fast-check';
import { guardedSelect, type FairnessPolicy } from '../fairness/fairness-guard';
import { BlockPrice, compactPrices, CompactSelector, openingOf, ScopeIds } from './compact-prices';
import { JsonBytes } from './json-bytes';
import type { PriceCandidate } from './price-candidate';
import { at, candidate, randomCandidate, randomMoment } from './price-candidate.spec-helper';
import { selectPrice, withAmount, type Selection, type SelectionQuery } from './select-price';

/** A selection as plain objects: a block's selected price reads its ids through getters. */
const plain = <S extends Selection>(selection: S): S => ({
  ...selection,
  selected: selection.selected && withAmount(selection.selected, selection.selected.amount),
});

const moment = randomMoment;

// Few values of everything, so scopes, windows, amounts and ids collide often.
const pools = {
  ids: ['a', 'A', 'b', 'B', 'a-1', 'a1', 'é', 'rule-price:x', 'Z'],
  priceListIds: ['l1', 'l2', 'rule:r1'],
  currencies: ['CNY', 'CNY', 'CNY', 'USD'],
  amount: fc.integer({ min: 9, max: 10 }),
  channels: ['tmall', 'jd'],
  groups: ['gold', 'silver', 'new', 'regular'],
  countries: ['CN', 'HK'],
};
const candidateArb: fc.Arbitrary<PriceCandidate> = randomCandidate(pools);

/** Blocks with no quantity tier, whose ids and list ids need JSON's escapes now and then. */
const untieredArb: fc.Arbitrary<PriceCandidate[]> = fc.array(
  randomCandidate({
    ...pools,
    ids: ['a', 'A', 'a"1', 'b\\c', 'é', '价格-1', 'rule-price:x', 'line\nbreak'],
    priceListIds: ['l1', 'l"2', 'rule:r1'],
  }).map((price) => ({ ...price, quantityTiers: [] })),
  { maxLength: 14 },
);

const queryArb: fc.Arbitrary<SelectionQuery> = fc.record({
  channel: fc.constantFrom('tmall', 'jd', 'app'),
  customerGroups: fc.uniqueArray(fc.constantFrom('gold', 'silver', 'new', 'platinum'), {
    maxLength: 3,
  }),
  country: fc.option(fc.constantFrom('CN', 'HK', 'US'), { nil: undefined }),
  at: moment,
  quantity: fc.integer({ min: 1, max: 8 }),
});

const policy: FairnessPolicy = {
  memberGroups: ['gold', 'silver'],
  baselineGroups: ['regular', 'new'],
};

describe('the compact price catalog', () => {
  // One set of ids for every SKU, as in the catalog: ids outlive the SKUs that interned them.
  const ids = new ScopeIds();
  const json = new JsonBytes();

  /** writeRejected's bytes for the candidates in `currency` against JSON.stringify of selectPrice's list. */
  const expectRejectedAsSelectPrice = (
    candidates: readonly PriceCandidate[],
    query: SelectionQuery,
    currency: string,
  ) => {
    json.reset();
    new CompactSelector(compactPrices(candidates, ids), currency, ids).writeRejected(json, query);
    const reference = candidates.filter((price) => price.currency === currency);
    expect(json.bytes().toString()).toBe(JSON.stringify(selectPrice(reference, query).rejected));
  };

  it('keeps no object of an untiered block, and rebuilds its candidates field for field', () => {
    fc.assert(
      fc.property(untieredArb, fc.constantFrom('CNY', 'USD'), (candidates, currency) => {
        const compact = compactPrices(candidates, ids);
        expect(compact.kept).toBeUndefined();
        const selector = new CompactSelector(compact, currency, ids);
        expect(selector.candidates).toEqual(candidates);
        candidates.forEach((price, i) =>
          expect(selector.idsOf(i)).toEqual({ priceId: price.id, priceListId: price.priceListId }),
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('selects exactly what selectPrice selects, explained or not, or its amount alone, for random prices and queries', () => {
    fc.assert(
      fc.property(
        // Half the blocks without quantity tiers: the block keeps no candidate of those.
        fc.oneof(fc.array(candidateArb, { maxLength: 14 }), untieredArb),
        queryArb,
        fc.constantFrom('CNY', 'CNY', 'USD', 'EUR'),
        fc.boolean(),
        (candidates, query, currency, explain) => {
          const compact = compactPrices(candidates, ids);
          const selector = new CompactSelector(compact, currency, ids);
          const reference = candidates.filter((price) => price.currency === currency);
          const expected = selectPrice(reference, query, { explain });
          expect(plain(selector.select(query, { explain }))).toEqual(expected);
          // As the catalog hands it out: a selector last used for another block, pointed at this one.
          const elsewhere = compactPrices([candidate({ currency: 'USD', amount: 1 })], ids);
          const own = new CompactSelector(elsewhere, 'USD', ids).reset(compact, ids.find(currency));
          expect(plain(own.select(query, { explain }))).toEqual(expected);
          // The amount alone, as the fairness guard's baselines ask for it.
          expect(selector.selectedAmount(query)).toBe(expected.selected?.amount);
          expect(own.selectedAmount(query)).toBe(expected.selected?.amount);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('writes reasons that name scopes needing JSON escapes, and their ends, byte for byte', () => {
    // The reasons that name a scope are made once a value and once a request (writeMismatch).
    const escaping = {
      ...pools,
      channels: ['tmall', 'dou"yin', 'app\\1'],
      groups: ['gold', 'vip\n', 'é会员'],
      countries: ['CN', 'H"K'],
    };
    fc.assert(
      fc.property(
        fc.array(randomCandidate(escaping), { maxLength: 14 }),
        fc.record({
          channel: fc.constantFrom('tmall', 'dou"yin', 'app\\1', 'we\u0001chat'),
          customerGroups: fc.uniqueArray(fc.constantFrom('gold', 'vip\n', 'é会员', 'new'), {
            maxLength: 2,
          }),
          country: fc.option(fc.constantFrom('CN', 'H"K', '\ud800'), { nil: undefined }),
          at: moment,
          quantity: fc.integer({ min: 1, max: 8 }),
        }),
        (candidates, query) => expectRejectedAsSelectPrice(candidates, query, 'CNY'),
      ),
      { numRuns: 2_000 },
    );
  });

  it("writes selectPrice's rejected list, reasons and order, byte for byte as JSON.stringify", () => {
    fc.assert(
      fc.property(
        fc.array(candidateArb, { maxLength: 14 }),
        queryArb,
        fc.constantFrom('CNY', 'CNY', 'USD', 'EUR'),
        (candidates, query, currency) => expectRejectedAsSelectPrice(candidates, query, currency),
      ),
      { numRuns: 3_000 },
    );
  });

  it("keeps each candidate's opening of a rejected item as the bytes JSON.stringify writes", () => {
    const json = new JsonBytes();
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', '\ud800', 'é', '≥', 'a') }),
      fc.constantFrom('pb_12_tmall_', 'pl_bench', 'rule:r1'),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            candidateArb,
            text,
            text,
            fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 0.1, 1e21, 2 ** 53)),
          ),
          { maxLength: 14 },
        ),
        (drawn) => {
          const candidates = drawn.map(([price, id, priceListId, amount]) => ({
            ...price,
            id,
            priceListId,
            amount,
          }));
          const prices = compactPrices(candidates, ids);
          const { openings, tiered } = prices;
          // The openings follow the columns (11 doubles a candidate), in the same store.
          let end = prices.count * 11 * 8;
          candidates.forEach((price, i) => {
            // The item up to its reason's text (tiered: up to the amount's value).
            const item = JSON.stringify({
              priceId: price.id,
              priceListId: price.priceListId,
              amount: tiered ? 0 : price.amount,
              reason: '',
            });
            const opening = tiered
              ? item.slice(0, item.lastIndexOf('"amount":') + 9)
              : item.slice(0, -2);
            const [start, next] = openingOf(prices, i);
            expect(start).toBe(end);
            expect(openings.subarray(start, next)).toEqual(Buffer.from(opening, 'utf8'));
            end = next;
            // The same ids as a selected price writes them, and reads them.
            const selected = new BlockPrice(
              new CompactSelector(prices, prices.currency, ids),
              i,
              price.amount,
              'unscoped',
              null,
              null,
              null,
              false,
            );
            json.reset();
            selected.writeIds(json);
            const { id: priceId, priceListId } = price;
            expect(json.bytes()).toEqual(
              Buffer.from(JSON.stringify({ priceId, priceListId }).slice(1, -1), 'utf8'),
            );
            expect([selected.priceId, selected.priceListId]).toEqual([priceId, priceListId]);
          });
          expect(end).toBe(prices.openingsEnd);
          expect(openings.length - end).toBeLessThan(8);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('gives the fairness guard the same member and baseline prices as the candidates do', () => {
    fc.assert(
      fc.property(
        fc.array(candidateArb, { maxLength: 14 }),
        queryArb,
        fc.boolean(),
        (candidates, query, exempt) => {
          const exemptions = exempt
            ? [{ id: 'welcome', baselineGroup: 'new', sku: null, validFrom: null, validTo: null }]
            : [];
          const selector = new CompactSelector(compactPrices(candidates, ids), 'CNY', ids);
          const reference = candidates.filter((price) => price.currency === 'CNY');
          const options = { explain: false };
          expect(
            plain(guardedSelect(selector, query, policy, exemptions, 'SKU-1', options)),
          ).toEqual(guardedSelect(reference, query, policy, exemptions, 'SKU-1', options));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('breaks a tie of level and amount by id as selectPrice does, whatever the input order', () => {
    const june = at('2026-06-18T00:00:00Z');
    const prices = [candidate({ id: 'b' }), candidate({ id: 'B' }), candidate({ id: 'a' })];
    const query = { channel: 'tmall', customerGroups: [], at: june, quantity: 1 };
    const selector = new CompactSelector(compactPrices(prices, ids), 'CNY', ids);
    expect(selector.select(query, { explain: false }).selected?.priceId).toBe(
      selectPrice(prices, query).selected?.priceId,
    );
    expect(selector.select(query, { explain: false }).selected?.priceId).toBe('a');
  });
});
