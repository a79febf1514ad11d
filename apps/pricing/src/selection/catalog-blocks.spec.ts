import fc from 'fast-check';
import { CatalogBlocks, hashOf, type CatalogBound } from './catalog-blocks';
import type { CatalogPoint } from './catalog.repository';
import { compactPrices, CompactSelector, ScopeIds } from './compact-prices';
import { JsonBytes } from './json-bytes';
import type { PriceCandidate } from './price-candidate';
import { candidate, randomCandidate, randomMoment } from './price-candidate.spec-helper';
import type { SelectionQuery } from './select-price';

// Keys of every length mod 4 (four UTF-16 units to a double), outside ASCII, empty, and prefixes
// of each other: a key is compared unit by unit after its length and hash.
const SKUS = ['BENCH-000001', 'BENCH-00000', 'BENCH-0000011', '', 'é', '价格-1', 'a"b\\c', 'x'];

const candidatesArb = (sku: string): fc.Arbitrary<PriceCandidate[]> =>
  fc.array(
    randomCandidate({
      sku,
      ids: ['a', 'A', 'b', 'a"1', 'é', 'rule-price:x'],
      priceListIds: ['l1', 'rule:r1'],
      currencies: ['CNY', 'CNY', 'USD'],
      amount: fc.integer({ min: 9, max: 10 }),
      channels: ['tmall', 'jd'],
      groups: ['gold', 'new'],
      countries: ['CN', 'HK'],
    }),
    { maxLength: 8 },
  );

const boundArb: fc.Arbitrary<CatalogBound | undefined> = fc.option(
  fc.record({
    currency: fc.constantFrom('CNY', 'USD'),
    floor: fc.integer({ min: 0, max: 9 }),
    ceiling: fc.integer({ min: 10, max: 99 }),
  }),
  { nil: undefined },
);

type Held = {
  candidates: PriceCandidate[];
  bound: CatalogBound | undefined;
  points: Map<string, CatalogPoint[]> | undefined;
};

type Step = { sku: string; held: Held | undefined };

const stepArb: fc.Arbitrary<Step> = fc.constantFrom(...SKUS).chain((sku) =>
  fc.record({
    sku: fc.constant(sku),
    held: fc.option(
      fc.record({
        candidates: candidatesArb(sku),
        bound: boundArb,
        points: fc.option(
          fc.constant(
            new Map([
              [
                'CNY|tmall||',
                [
                  {
                    effectiveFromMicros: 1,
                    amount: 9,
                    referenceAmount: 10,
                    reductionStartedAt: null,
                  },
                ],
              ],
            ]),
          ),
          { nil: undefined },
        ),
      }),
      { nil: undefined, freq: 4 },
    ),
  }),
);

const queryArb: fc.Arbitrary<SelectionQuery> = fc.record({
  channel: fc.constantFrom('tmall', 'jd', 'app'),
  customerGroups: fc.uniqueArray(fc.constantFrom('gold', 'new', 'silver'), { maxLength: 2 }),
  country: fc.option(fc.constantFrom('CN', 'HK'), { nil: undefined }),
  at: randomMoment,
  quantity: fc.integer({ min: 1, max: 8 }),
});

/** An anonymous buyer on JD, now. */
const ANY_BUYER: SelectionQuery = {
  channel: 'jd',
  customerGroups: [],
  at: new Date(),
  quantity: 1,
};

/** One unscoped, undated price of `sku`. */
const onePrice = (sku: string, amount: number) => [
  candidate({ id: 'p1', priceListId: 'l1', sku, amount }),
];

const apply = (blocks: CatalogBlocks, model: Map<string, Held>, step: Step) => {
  if (step.held === undefined) {
    blocks.delete(step.sku);
    model.delete(step.sku);
  } else {
    blocks.set(step.sku, step.held.candidates, step.held.bound, step.held.points);
    model.set(step.sku, step.held);
  }
};

/** What a selector answers: its candidates, its unexplained selection, its `rejected` bytes. */
function answers(selector: CompactSelector, query: SelectionQuery) {
  const json = new JsonBytes();
  selector.writeRejected(json, query);
  const { selected } = selector.select(query, { explain: false });
  return {
    candidates: selector.candidates,
    selected: selected && { ...selected, priceId: selected.priceId, block: undefined },
    amount: selector.selectedAmount(query),
    rejected: json.bytes().toString('utf8'),
  };
}

describe('the catalog blocks', () => {
  const ids = new ScopeIds();

  it('hold what was last set for every SKU, as a block of its own would, through growth, deletion and compaction', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 120 }),
        queryArb,
        fc.constantFrom('CNY', 'USD'),
        fc.constantFrom(64, 1 << 19),
        (steps, query, currencyName, chunkDoubles) => {
          const blocks = new CatalogBlocks(ids, chunkDoubles);
          const model = new Map<string, Held>();
          for (const step of steps) apply(blocks, model, step);
          const currency = ids.find(currencyName);
          expect(blocks.size).toBe(model.size);
          expect([...blocks.skus()].sort()).toEqual([...model.keys()].sort());
          // Every SKU found one at a time, then all at once.
          const asked = [...SKUS, ...SKUS];
          blocks.findAll(asked);
          for (const [k, sku] of asked.entries()) {
            const held = model.get(sku);
            if (k < SKUS.length) expect(blocks.find(sku) === -1).toBe(held === undefined);
            else expect(blocks.foundOf(k)).toBe(held !== undefined);
            if (held === undefined) continue;
            const selector = blocks.selectorIn(sku, currency);
            if (held.candidates.length === 0) expect(selector).toBeUndefined();
            else {
              const alone = new CompactSelector(
                { ...compactPrices(held.candidates, ids), sku },
                currency,
                ids,
              );
              expect(answers(selector as CompactSelector, query)).toEqual(answers(alone, query));
              expect(selector?.candidates).toEqual(held.candidates);
            }
            expect(blocks.boundIn(currency)).toEqual(
              held.bound?.currency === currencyName
                ? { floor: held.bound.floor, ceiling: held.bound.ceiling }
                : undefined,
            );
            expect(blocks.pointsOf(sku)).toBe(held.points);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds each of 50,000 SKUs, and none it was not given', () => {
    const blocks = new CatalogBlocks(ids);
    const sku = (n: number) => `BENCH-${String(n).padStart(6, '0')}`;
    for (let n = 0; n < 50_000; n++) blocks.set(sku(n), onePrice(sku(n), n), undefined, undefined);
    const query = ANY_BUYER;
    const cny = ids.find('CNY');
    let found = 0;
    for (let n = 0; n < 50_000; n++) {
      blocks.find(sku(n));
      if (blocks.selectorIn(sku(n), cny)?.selectedAmount(query) === n) found++;
    }
    expect(found).toBe(50_000);
    expect(blocks.find(sku(50_000))).toBe(-1);
    expect(blocks.size).toBe(50_000);
  });

  it('hands out the same selectors and bounds read after read, each pointed at the SKU read', () => {
    const blocks = new CatalogBlocks(ids);
    const cny = ids.find('CNY');
    const query = ANY_BUYER;
    blocks.set('A', onePrice('A', 1), { currency: 'CNY', floor: 1, ceiling: 10 }, undefined);
    blocks.set('B', onePrice('B', 2), { currency: 'CNY', floor: 2, ceiling: 20 }, undefined);
    const read = (skus: string[]) => {
      blocks.startRead();
      return skus.map((sku) => {
        blocks.find(sku);
        const selector = blocks.selectorIn(sku, cny) as CompactSelector;
        const bound = blocks.boundIn(cny);
        return {
          selector,
          bound,
          sku: selector.sku,
          amount: selector.selectedAmount(query),
          floor: bound?.floor,
        };
      });
    };
    const first = read(['A', 'B']);
    expect(first.map(({ sku, amount, floor }) => [sku, amount, floor])).toEqual([
      ['A', 1, 1],
      ['B', 2, 2],
    ]);
    const second = read(['B', 'A']);
    expect(second.map(({ sku, amount, floor }) => [sku, amount, floor])).toEqual([
      ['B', 2, 2],
      ['A', 1, 1],
    ]);
    expect(second[0].selector).toBe(first[0].selector);
    expect(second[1].bound).toBe(first[1].bound);
  });

  it('tells apart two SKUs of the same hash and length', () => {
    const [one, other] = ['SKU-112789', 'SKU-349192'];
    expect(hashOf(one)).toBe(hashOf(other));
    const blocks = new CatalogBlocks(ids);
    const cny = ids.find('CNY');
    const query = ANY_BUYER;
    const amountOf = (sku: string) =>
      blocks.find(sku) === -1 ? undefined : blocks.selectorIn(sku, cny)?.selectedAmount(query);
    const amountsOf = (skus: string[]) => {
      blocks.findAll(skus);
      return skus.map((sku, k) =>
        blocks.foundOf(k) ? blocks.selectorIn(sku, cny)?.selectedAmount(query) : undefined,
      );
    };
    blocks.set(one, onePrice(one, 1), undefined, undefined);
    expect(amountOf(other)).toBeUndefined();
    expect(amountsOf([other, one])).toEqual([undefined, 1]);
    blocks.set(other, onePrice(other, 2), undefined, undefined);
    expect([amountOf(one), amountOf(other)]).toEqual([1, 2]);
    expect(amountsOf([other, one])).toEqual([2, 1]);
    blocks.delete(one);
    expect([amountOf(one), amountOf(other)]).toEqual([undefined, 2]);
    expect(amountsOf([one, other])).toEqual([undefined, 2]);
    blocks.set(one, onePrice(one, 3), undefined, undefined);
    expect([amountOf(one), amountOf(other), blocks.size]).toEqual([3, 2, 2]);
    expect(amountsOf([one, other])).toEqual([3, 2]);
  });

  it('keeps its stores at about what is live however often SKUs are replaced, and a selector made before answers the same after', () => {
    const chunkDoubles = 256;
    const blocks = new CatalogBlocks(ids, chunkDoubles);
    const cny = ids.find('CNY');
    const query: SelectionQuery = {
      channel: 'tmall',
      customerGroups: ['gold'],
      at: new Date(),
      quantity: 1,
    };
    const prices = (sku: string, amount: number) =>
      (['tmall', 'jd', null] as const).map((channel, i) =>
        candidate({ id: `p${i}`, priceListId: 'l1', sku, amount: amount + i, channel }),
      );
    for (let n = 0; n < 40; n++) blocks.set(`S${n}`, prices(`S${n}`, 100), undefined, undefined);
    blocks.find('S7');
    const early = blocks.selectorIn('S7', cny) as CompactSelector;
    const before = answers(early, query);
    for (let round = 1; round <= 200; round++)
      for (let n = 0; n < 40; n++)
        blocks.set(`S${n}`, prices(`S${n}`, 100 + round), undefined, undefined);
    const fresh = new CatalogBlocks(ids, chunkDoubles);
    for (let n = 0; n < 40; n++) fresh.set(`S${n}`, prices(`S${n}`, 300), undefined, undefined);
    expect(blocks.allocatedDoubles).toBeLessThanOrEqual(
      2 * fresh.allocatedDoubles + 2 * chunkDoubles,
    );
    expect(answers(early, query)).toEqual(before);
    blocks.find('S7');
    expect((blocks.selectorIn('S7', cny) as CompactSelector).selectedAmount(query)).toBe(300);
    for (let n = 0; n < 40; n++) blocks.delete(`S${n}`);
    expect(blocks.size).toBe(0);
    expect(blocks.find('S7')).toBe(-1);
  });
});
