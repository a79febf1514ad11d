import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import type { FairnessCorrectionsRepository } from '../fairness/fairness-corrections.repository';
import {
  fairnessGuard,
  type FairnessPolicy,
  type GuardedSelection,
} from '../fairness/fairness-guard';
import { scopeKey } from '../history/history.repository';
import { compactPrices, CompactSelector, ScopeIds } from './compact-prices';
import type { SelectRequest } from './dto/select.dto';
import type { PriceCandidate } from './price-candidate';
import type { PriceCatalog } from './price-catalog.service';
import {
  candidate,
  RANDOM_BASE,
  randomCandidate,
  randomMoment,
} from './price-candidate.spec-helper';
import type { SelectionReads, SelectionRepository } from './selection.repository';
import { pointOf, selectionQueryOf, SelectionService } from './selection.service';

const base = RANDOM_BASE;
const policy: FairnessPolicy = {
  memberGroups: ['gold', 'silver'],
  baselineGroups: ['regular', 'new'],
};
// Strings JSON escapes or writes as more than one byte, beside plain ones.
const odd = ['"q"', 'back\\slash', 'line\nfeed', '\u0001', 'é', '≥', '\ud83d\ude00', '\ud800'];
const SKUS = ['SKU-1', 'SKU-2', 'SKU-3', ...odd.map((text) => `SKU-${text}`)];
const CHANNELS = ['tmall', 'jd', 'c"h'];
const GROUPS = ['gold', 'silver', 'new', 'regular', 'gr\\p'];
const COUNTRIES = ['CN', 'HK', 'C\u2028'];
const CURRENCIES = ['CNY', 'USD', 'C\u00e9\n'];

const moment = randomMoment;

const candidateArb = (sku: string): fc.Arbitrary<PriceCandidate> =>
  randomCandidate({
    sku,
    ids: ['a', 'B', 'é', 'rule-price:x', ...odd],
    priceListIds: ['l1', 'rule:r1', ...odd],
    currencies: ['CNY', 'CNY', 'USD', 'C\u00e9\n'],
    amount: fc.oneof(fc.integer({ min: 9, max: 11 }), fc.constantFrom(0, 1_000_000_007, 9.5)),
    channels: CHANNELS,
    groups: GROUPS,
    countries: COUNTRIES,
  });

type Point = {
  amount: number | null;
  referenceAmount: number | null;
  reductionStartedAt: Date | null;
};
type World = {
  prices: Map<string, readonly PriceCandidate[]>;
  bounds: Map<string, { currency: string; floor: number; ceiling: number }>;
  points: Map<string, Point>;
  exempt: boolean;
};

const worldArb: fc.Arbitrary<World> = fc
  .record({
    prices: fc.tuple(
      ...SKUS.map((sku) =>
        fc.oneof(
          { arbitrary: fc.array(candidateArb(sku), { maxLength: 10 }), weight: 4 },
          { arbitrary: fc.constant([]), weight: 1 },
        ),
      ),
    ),
    bounds: fc.array(
      fc.record({
        sku: fc.constantFrom(...SKUS),
        currency: fc.constantFrom(...CURRENCIES),
        floor: fc.integer({ min: 0, max: 10 }),
        ceiling: fc.integer({ min: 10, max: 1_000 }),
      }),
      { maxLength: 6 },
    ),
    // Points in the scopes of some prices, most with the price's amount: reference prices.
    points: fc.array(
      fc.record({
        sku: fc.constantFrom(...SKUS),
        pick: fc.nat(),
        channel: fc.constantFrom(...CHANNELS),
        sameAmount: fc.boolean(),
        referenceAmount: fc.option(fc.integer({ min: 5, max: 20 }), { nil: null, freq: 4 }),
        reductionStartedAt: fc.option(moment, { nil: null, freq: 4 }),
      }),
      { maxLength: 40 },
    ),
    exempt: fc.boolean(),
  })
  .map(({ prices, bounds, points, exempt }) => ({
    prices: new Map(SKUS.map((sku, i) => [sku, prices[i]])),
    bounds: new Map(bounds.map(({ sku, ...bound }) => [sku, bound])),
    points: new Map(
      points.flatMap(({ sku, pick, channel, sameAmount, referenceAmount, reductionStartedAt }) => {
        const list = prices[SKUS.indexOf(sku)];
        if (list.length === 0) return [];
        const price = list[pick % list.length];
        const key = scopeKey({
          sku,
          currency: price.currency,
          channel: price.channel ?? channel,
          customerGroup: price.customerGroup ?? '',
          country: price.country ?? '',
        });
        const amount = sameAmount ? price.amount : price.amount + 1;
        return [[key, { amount, referenceAmount, reductionStartedAt }] as const];
      }),
    ),
    exempt,
  }));

const requestArb: fc.Arbitrary<SelectRequest> = fc.record({
  skus: fc.array(fc.constantFrom(...SKUS, 'SKU-none', 'SKU-"none"'), {
    minLength: 1,
    maxLength: 8,
  }),
  currency: fc.constantFrom('CNY', 'CNY', 'CNY', ...CURRENCIES),
  channel: fc.constantFrom(...CHANNELS, 'app'),
  customerGroups: fc.uniqueArray(fc.constantFrom(...GROUPS, 'platinum'), { maxLength: 3 }),
  country: fc.option(fc.constantFrom(...COUNTRIES, 'US'), { nil: undefined }),
  at: moment,
  quantity: fc.oneof(
    { arbitrary: fc.constant(1), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 8 }), weight: 1 },
  ),
  explain: fc.boolean(),
});

/** What each source's read answers for the world: the candidates in the currency, or the catalog's selectors. */
function readsOf(world: World, source: 'catalog' | 'database', ids: ScopeIds) {
  return (read: { skus: readonly string[]; currency: string }): SelectionReads => ({
    pricesOf: read.skus.map((sku) => {
      const prices = world.prices.get(sku) ?? [];
      if (source === 'database') return prices.filter((price) => price.currency === read.currency);
      return prices.length === 0
        ? undefined
        : new CompactSelector(compactPrices(prices, ids), read.currency, ids);
    }),
    exemptions: world.exempt
      ? [{ id: 'welcome', baselineGroup: 'new', sku: null, validFrom: null, validTo: null }]
      : [],
    bounds: read.skus.map((sku) => {
      const bound = world.bounds.get(sku);
      return bound?.currency === read.currency ? bound : undefined;
    }),
    points: world.points,
  });
}

function serviceOver(world: World, source: 'catalog' | 'database') {
  const ids = new ScopeIds();
  const read = readsOf(world, source, ids);
  const config = {
    selection: { maxSkus: 200 },
    groups: { member: policy.memberGroups, baseline: policy.baselineGroups },
  } as unknown as PricingConfig;
  const corrections = { record: () => Promise.resolve() };
  return new SelectionService(
    { manager: {} } as unknown as DataSource,
    config,
    {
      read: (_manager: unknown, query: Parameters<typeof read>[0]) => Promise.resolve(read(query)),
    } as unknown as SelectionRepository,
    corrections as unknown as FairnessCorrectionsRepository,
    { fresh: () => source === 'catalog', read } as unknown as PriceCatalog,
  );
}

/**
 * The answer as the service built it before writing its own bytes: the DTO's objects from
 * explained or unexplained selections over the candidates, through JSON.stringify.
 */
function objectsAnswer(world: World, request: SelectRequest): string {
  const reads = readsOf(
    world,
    'database',
    new ScopeIds(),
  )({
    skus: [...new Set(request.skus)],
    currency: request.currency,
  });
  const skus = [...new Set(request.skus)];
  const at = request.at!;
  const query = selectionQueryOf(request, at);
  const guard = fairnessGuard(query, policy, reads.exemptions);
  const prices = skus.map((sku, i) => {
    const selection = guard(reads.pricesOf[i] as PriceCandidate[], sku, {
      explain: request.explain,
    });
    return entryOf(sku, selection, request, reads.bounds[i], reads.points);
  });
  return JSON.stringify({ at: at.toISOString(), prices });
}

function entryOf(
  sku: string,
  selection: GuardedSelection,
  request: SelectRequest,
  bound: { floor: number; ceiling: number } | undefined,
  points: SelectionReads['points'],
) {
  const floor = bound?.floor ?? null;
  const ceiling = bound?.ceiling ?? null;
  const rejected = request.explain ? selection.rejected : undefined;
  const selected = selection.selected;
  if (selected === undefined)
    return {
      sku,
      status: 'no_price',
      rejected,
      floor,
      ceiling,
      referencePrice: null,
      reductionStartedAt: null,
    };
  const point = pointOf(sku, selected, request, points);
  const referenceAmount =
    point !== undefined && point.amount === selected.amount ? point.referenceAmount : null;
  return {
    sku,
    status: 'priced',
    price: { amount: selected.amount, currency: request.currency },
    priceId: selected.priceId,
    priceListId: selected.priceListId,
    level: selected.level,
    countryMatched: selected.country !== null,
    dated: selected.dated,
    rejected,
    floor,
    ceiling,
    referencePrice:
      referenceAmount === null ? null : { amount: referenceAmount, currency: request.currency },
    reductionStartedAt:
      referenceAmount === null ? null : (point?.reductionStartedAt?.toISOString() ?? null),
    fairness: selection.fairness,
  };
}

describe("select's answer bytes", () => {
  it('are JSON.stringify of the answer objects, from the catalog and the database, explained or not', async () => {
    const seen = { explained: 0, corrected: 0, referenced: 0, noPrice: 0, escaped: 0 };
    await fc.assert(
      fc.asyncProperty(worldArb, requestArb, async (world, request) => {
        const expected = objectsAnswer(world, request);
        for (const source of ['catalog', 'database'] as const) {
          const bytes = await serviceOver(world, source).select(request, source);
          expect(bytes.toString('utf8')).toBe(expected);
          expect(bytes).toEqual(Buffer.from(expected, 'utf8'));
        }
        if (request.explain) seen.explained += 1;
        if (expected.includes('"corrected":true')) seen.corrected += 1;
        if (expected.includes('"referencePrice":{')) seen.referenced += 1;
        if (expected.includes('"no_price"')) seen.noPrice += 1;
        if (/\\[u"\\n]/.test(expected)) seen.escaped += 1;
      }),
      { numRuns: 1_500 },
    );
    // The runs reached every kind of entry the answer has (reference prices ~12 times in 1,500).
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });

  it('are one answer per select, whatever a later select writes', async () => {
    const world: World = {
      prices: new Map([['SKU-1', [candidate({ id: 'only', sku: 'SKU-1', amount: 7 })]]]),
      bounds: new Map(),
      points: new Map(),
      exempt: false,
    };
    const service = serviceOver(world, 'catalog');
    const request = {
      skus: ['SKU-1'],
      currency: 'CNY',
      channel: 'tmall',
      customerGroups: [],
      at: new Date(base),
      quantity: 1,
      explain: true,
    };
    const first = await service.select(request, 'catalog');
    const later = { ...request, skus: ['SKU-2', 'SKU-1'], explain: false };
    const second = await service.select(later, 'catalog');
    expect(first.toString()).toBe(objectsAnswer(world, request));
    // Released once sent, an answer's buffer is written again by a later select.
    service.release(first);
    const third = await service.select(later, 'catalog');
    expect(third.buffer).toBe(first.buffer);
    expect(third.toString()).toBe(objectsAnswer(world, later));
    expect(second.toString()).toBe(objectsAnswer(world, later));
  });
});
