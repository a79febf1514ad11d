import type { PromotionsConfig } from '../config/promotions-config';
import type { DataSource } from 'typeorm';
import { CartFactsCache, FactsStore, cacheKey, priceAt } from './cart-facts-cache';
import { ReadModelChanges } from './read-model-changes';
import type { CartFacts, PriceRow, ReadModelsRepository } from './read-models.repository';

const us = (iso: string) => Date.parse(iso) * 1_000;

describe('FactsStore', () => {
  it('keeps a fill and gives it back by key', () => {
    const store = new FactsStore<number>(10);
    store.fill(store.epoch, cacheKey(['floor', 'CNY', 'A']), 5);
    expect(store.get(cacheKey(['floor', 'CNY', 'A']))).toBe(5);
    expect(store.get(cacheKey(['floor', 'CNY', 'B']))).toBeUndefined();
  });

  it('keeps at most maxEntries, the oldest fill evicted first', () => {
    const store = new FactsStore<number>(2);
    for (const key of ['a', 'b', 'c']) store.fill(store.epoch, key, 1);
    expect(store.size).toBe(2);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('c')).toBe(1);
  });

  it('keeps nothing when maxEntries is 0', () => {
    const store = new FactsStore<number>(0);
    store.fill(store.epoch, 'a', 1);
    expect(store.size).toBe(0);
  });

  it('evicts the entry a notification names, whatever the JSON spacing', () => {
    const store = new FactsStore<number>(10);
    const price = cacheKey(['price', 'tmall', 'CNY', 'SKU "1"']);
    store.fill(store.epoch, price, 1);
    store.fill(store.epoch, 'other', 2);
    store.evict('["price", "tmall", "CNY", "SKU \\"1\\""]');
    expect(store.get(price)).toBeUndefined();
    expect(store.get('other')).toBe(2);
  });

  it.each(['[]', 'not json', '{"kind":"price"}', '["price", null]'])(
    'evicts everything on %s (a TRUNCATE or a payload it cannot read)',
    (payload) => {
      const store = new FactsStore<number>(10);
      store.fill(store.epoch, 'a', 1);
      store.evict(payload);
      expect(store.size).toBe(0);
    },
  );

  it('does not keep a fill read before an eviction, which may have missed the change', () => {
    const store = new FactsStore<number>(10);
    const before = store.epoch;
    store.evict('["floor", "CNY", "B"]');
    store.fill(before, cacheKey(['floor', 'CNY', 'A']), 1);
    expect(store.size).toBe(0);
    store.fill(store.epoch, cacheKey(['floor', 'CNY', 'A']), 1);
    expect(store.size).toBe(1);
  });

  it('does not keep a fill read before it was cleared', () => {
    const store = new FactsStore<number>(10);
    const before = store.epoch;
    store.clear();
    store.fill(before, 'a', 1);
    expect(store.size).toBe(0);
  });
});

describe('priceAt', () => {
  const row = (group: string, from: string, to: string | null, amount: number): PriceRow => ({
    group,
    validFrom: us(from),
    validTo: to === null ? null : us(to),
    amount,
  });
  // Newest first, as they are read.
  const rows = [
    row('gold', '2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z', 7_000),
    row('', '2026-05-01T00:00:00Z', null, 9_000),
    row('vip', '2026-04-01T00:00:00Z', null, 8_000),
    row('gold', '2026-03-01T00:00:00Z', null, 6_000),
    row('', '2026-01-01T00:00:00Z', null, 10_000),
  ];
  const everyone = new Set(['']);

  it('takes the latest price for everyone that has started', () => {
    expect(priceAt(rows, everyone, us('2026-02-01T00:00:00Z'))).toBe(10_000);
    expect(priceAt(rows, everyone, us('2026-05-01T00:00:00Z'))).toBe(9_000);
  });

  it('has no price before the first one starts', () => {
    expect(priceAt(rows, everyone, us('2025-12-31T23:59:59.999Z'))).toBeUndefined();
  });

  it('takes the lowest of the groups the customer is in', () => {
    expect(priceAt(rows, new Set(['', 'vip']), us('2026-05-02T00:00:00Z'))).toBe(8_000);
    expect(priceAt(rows, new Set(['', 'gold', 'vip']), us('2026-06-15T00:00:00Z'))).toBe(7_000);
  });

  it('gives a group no price once its latest started price has ended, not an older one', () => {
    // gold's latest price (7000) ended on 1 July: its 6000 of March is not in force again.
    expect(priceAt(rows, new Set(['', 'gold']), us('2026-07-01T00:00:00Z'))).toBe(9_000);
  });

  it('ignores groups the customer is not in', () => {
    expect(priceAt(rows, new Set(['', 'silver']), us('2026-06-15T00:00:00Z'))).toBe(9_000);
  });
});

describe('CartFactsCache without its LISTEN connection', () => {
  it('reads every quote’s facts from Postgres and keeps none', async () => {
    const facts: CartFacts = {
      customer: undefined,
      prices: new Map([['A', 100]]),
      floors: new Map(),
      coupons: [],
    };
    const reads: unknown[] = [];
    const readModels = {
      cartFacts: async (query: unknown) => {
        reads.push(query);
        return facts;
      },
      cartFactParts: () => {
        throw new Error('the cache is not in use');
      },
      schema: async () => 'promotions',
    } as unknown as ReadModelsRepository;
    // No pool to copy connection settings from: the listener never connects.
    const dataSource = { driver: {}, options: { schema: 'promotions' } } as unknown as DataSource;
    const config = { quotes: { cartFactsCacheEntries: 100 } } as PromotionsConfig;
    const changes = new ReadModelChanges(dataSource, readModels);
    const cache = new CartFactsCache(changes, readModels, config);
    await changes.onModuleInit();
    const query = {
      customerId: undefined,
      skus: ['A'],
      channel: 'tmall',
      currency: 'CNY',
      at: new Date(),
      needPrices: true,
      couponCodes: [],
    };
    expect(cache.isInUse()).toBe(false);
    expect(await cache.cartFacts(query)).toBe(facts);
    expect(await cache.cartFacts(query)).toBe(facts);
    expect(reads).toEqual([query, query]);
    expect(cache.size).toBe(0);
    await changes.onModuleDestroy();
  });
});
