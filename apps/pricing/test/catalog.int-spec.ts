import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '@omni/testing';
import fc from 'fast-check';
import { AppModule } from '../src/app.module';
import { pricingConfig } from '../src/config/pricing-config';
import { CatalogRepository } from '../src/selection/catalog.repository';
import { PriceCatalog } from '../src/selection/price-catalog.service';
import { SelectionService } from '../src/selection/selection.service';
import { service } from '../src/service';
import {
  ADMIN_TOKEN,
  auth,
  startPricingHarness,
  type PricingHarness,
} from './support/pricing-harness';

const change = { actor: 'ops:test', reason: 'catalog test' };
const HOUR = 60 * 60 * 1000;
// The staleness bound this test holds the second replica to: its poll interval (50 ms) plus one
// refresh, with room for the shared, loaded 2-core machine.
const POLL_MS = 50;
const BOUND_MS = 1_500;

const CHANNELS = ['tmall', 'jd', 'pos'];
const GROUPS = ['gold', 'silver', 'new', 'regular'];
const COUNTRIES = ['CN', 'HK'];
const AMOUNTS = [900, 950, 1000, 1100, 1200];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const offsetHours = fc.integer({ min: -72, max: 72 });

/** A random price list: status, window and prices over a few SKUs, scopes and windows. */
const listArb = fc.record({
  status: fc.constantFrom('published', 'published', 'draft', 'archived'),
  from: maybe(offsetHours),
  length: maybe(fc.integer({ min: 1, max: 96 })),
  prices: fc.array(
    fc.record({
      sku: fc.integer({ min: 0, max: 4 }),
      currency: fc.constantFrom('CNY', 'CNY', 'CNY', 'EUR'),
      amount: fc.constantFrom(...AMOUNTS),
      channel: maybe(fc.constantFrom(...CHANNELS)),
      group: maybe(fc.constantFrom(...GROUPS)),
      country: fc.option(fc.constantFrom(...COUNTRIES), { nil: null, freq: 3 }),
      from: fc.option(offsetHours, { nil: null, freq: 2 }),
      length: maybe(fc.integer({ min: 1, max: 96 })),
      tiers: fc.constantFrom('[]', '[]', '[{"minQuantity":3,"amount":850}]'),
    }),
    { maxLength: 12 },
  ),
});

const dataArb = fc.record({
  lists: fc.array(listArb, { minLength: 1, maxLength: 4 }),
  rules: fc.array(
    fc.record({
      sku: fc.integer({ min: 0, max: 4 }),
      channel: fc.constantFrom('', ...CHANNELS),
      amount: fc.constantFrom(...AMOUNTS),
      decided: offsetHours,
    }),
    { maxLength: 4 },
  ),
  settings: fc.array(
    fc.record({
      sku: fc.integer({ min: 0, max: 4 }),
      currency: fc.constantFrom('CNY', 'EUR'),
      floor: fc.integer({ min: 100, max: 800 }),
    }),
    { maxLength: 4 },
  ),
  exemptions: fc.array(
    fc.record({
      group: fc.constantFrom('new', 'regular'),
      sku: maybe(fc.integer({ min: 0, max: 4 })),
      from: maybe(offsetHours),
    }),
    { maxLength: 2 },
  ),
  // History points, some a microsecond-precise instant apart from a query's moment.
  points: fc.array(
    fc.record({
      sku: fc.integer({ min: 0, max: 4 }),
      channel: fc.constantFrom(...CHANNELS),
      group: fc.constantFrom('', ...GROUPS),
      country: fc.constantFrom('', ...COUNTRIES),
      from: offsetHours,
      micros: fc.constantFrom(0, 0, 500),
      amount: maybe(fc.constantFrom(...AMOUNTS)),
      reference: maybe(fc.constantFrom(...AMOUNTS)),
    }),
    { maxLength: 10 },
  ),
});

const queryArb = fc.record({
  skus: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 6 }),
  currency: fc.constantFrom('CNY', 'CNY', 'EUR'),
  channel: fc.constantFrom(...CHANNELS),
  customerGroups: fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 2 }),
  country: fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
  at: offsetHours,
  quantity: fc.integer({ min: 1, max: 5 }),
});

describe('the in-memory price catalog', () => {
  let h: PricingHarness;
  let second: NestFastifyApplication | undefined;

  beforeAll(async () => {
    h = await startPricingHarness({ PRICING_CATALOG_POLL_MS: String(POLL_MS) });
  });

  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  it('selects exactly what the database path selects, for random lists, rules, settings, exemptions, history and queries', async () => {
    const selection = h.app.get(SelectionService);
    const catalog = h.app.get(PriceCatalog);
    const query = h.db.dataSource.query.bind(h.db.dataSource);
    const base = Date.UTC(2027, 0, 15, 12);
    const iso = (hours: number, micros = 0) =>
      new Date(base + hours * HOUR)
        .toISOString()
        .replace('Z', `${String(micros).padStart(3, '0')}Z`);
    let run = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        dataArb,
        fc.array(queryArb, { minLength: 1, maxLength: 8 }),
        async (data, queries) => {
          run += 1;
          const sku = (n: number) => `EQ-${run}-${n}`;
          await query(`DELETE FROM fairness_exemptions`);
          for (const [l, list] of data.lists.entries()) {
            const id = `pl-eq-${run}-${l}`;
            await query(
              `INSERT INTO price_lists (id, name, status, valid_from, valid_to, created_at) VALUES ($1, 'eq', 'draft', $2, $3, now())`,
              [
                id,
                list.from === null ? null : iso(list.from),
                list.from === null || list.length === null ? null : iso(list.from + list.length),
              ],
            );
            for (const [p, price] of list.prices.entries())
              await query(
                `INSERT INTO prices (id, price_list_id, sku, currency, amount, channel, customer_group, country, valid_from, valid_to, quantity_tiers)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
                [
                  `p-eq-${run}-${l}-${p}`,
                  id,
                  sku(price.sku),
                  price.currency,
                  price.amount,
                  price.channel,
                  price.group,
                  price.country,
                  price.from === null ? null : iso(price.from),
                  price.from === null || price.length === null
                    ? null
                    : iso(price.from + price.length),
                  price.tiers,
                ],
              );
            if (list.status !== 'draft')
              await query(`UPDATE price_lists SET status = $2 WHERE id = $1`, [id, list.status]);
          }
          for (const rule of data.rules)
            await query(
              `INSERT INTO rule_prices (sku, currency, channel, amount, proposed, rule_id, decided_at) VALUES ($1, 'CNY', $2, $3, $3, 'r-eq', $4)
             ON CONFLICT (sku, currency, channel) DO UPDATE SET amount = EXCLUDED.amount, decided_at = EXCLUDED.decided_at`,
              [sku(rule.sku), rule.channel, rule.amount, iso(rule.decided)],
            );
          for (const setting of data.settings)
            await query(
              `INSERT INTO sku_settings (sku, currency, cost, min_margin_ppm, floor, ceiling, updated_at) VALUES ($1, $2, 100, 0, $3, 5000, now())
             ON CONFLICT (sku) DO UPDATE SET currency = EXCLUDED.currency, floor = EXCLUDED.floor`,
              [sku(setting.sku), setting.currency, setting.floor],
            );
          for (const [e, exemption] of data.exemptions.entries())
            await query(
              `INSERT INTO fairness_exemptions (id, baseline_group, sku, valid_from, actor, reason, created_at) VALUES ($1, $2, $3, $4, 'test', 'eq', now())`,
              [
                `ex-eq-${run}-${e}`,
                exemption.group,
                exemption.sku === null ? null : sku(exemption.sku),
                exemption.from === null ? null : iso(exemption.from),
              ],
            );
          for (const point of data.points)
            await query(
              `INSERT INTO effective_prices (sku, currency, channel, customer_group, country, effective_from, amount, reference_amount, reduction_started_at, source)
             VALUES ($1, 'CNY', $2, $3, $4, $5, $6, $7, $8, 'eq')`,
              [
                sku(point.sku),
                point.channel,
                point.group,
                point.country,
                iso(point.from, point.micros),
                point.amount,
                point.reference,
                point.reference === null ? null : iso(point.from),
              ],
            );
          await catalog.refresh();
          for (const q of queries)
            for (const explain of [true, false]) {
              const request = {
                skus: q.skus.map(sku),
                currency: q.currency,
                channel: q.channel,
                customerGroups: q.customerGroups,
                ...(q.country === undefined ? {} : { country: q.country }),
                at: new Date(base + q.at * HOUR),
                quantity: q.quantity,
                explain,
              };
              const fromDatabase = await selection.select(request, 'database');
              const fromCatalog = await selection.select(request, 'catalog');
              expect(fromCatalog).toEqual(fromDatabase);
              compared += 1;
            }
        },
      ),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThanOrEqual(80);
  });

  async function publish(prices: object[]) {
    const created = await h.post('/v1/price-lists', { name: 'catalog', prices, ...change });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await h.post(`/v1/price-lists/${id}/publish`, change)).statusCode).toBe(200);
    return id;
  }

  it('loads what exists before a replica listens, and a price published through one replica is selected by another within the bound', async () => {
    const sku = `CAT-${Date.now().toString(36)}`;
    await publish([{ sku, amount: 1999, currency: 'CNY' }]);
    second = await createTestApp({
      module: AppModule,
      service,
      config: pricingConfig,
      env: {
        PRICING_ADMIN_TOKEN: ADMIN_TOKEN,
        PRICING_CATALOG_POLL_MS: String(POLL_MS),
        PRICING_FEED_CONSUMER_ENABLED: 'false',
        OUTBOX_RELAY_ENABLED: 'false',
        PRICING_RULE_TICK_MS: '0',
      },
    });
    const other = second;
    const catalog = other.get(PriceCatalog);
    expect(catalog.fresh()).toBe(true);
    expect(catalog.size).toBeGreaterThan(0);
    const selectOn = async (app: NestFastifyApplication, skus: string[]) =>
      (
        await app.inject({
          method: 'POST',
          url: '/v1/prices/select',
          headers: auth,
          payload: { skus, currency: 'CNY', channel: 'tmall' },
        })
      ).json().prices as { sku: string; status: string; price?: { amount: number } }[];
    // Loaded at start: no refresh was needed.
    expect((await selectOn(other, [sku]))[0]).toMatchObject({
      status: 'priced',
      price: { amount: 1999 },
    });

    const waitOn = async (check: () => Promise<boolean>) => {
      const started = Date.now();
      while (!(await check())) {
        if (Date.now() - started > 10_000) throw new Error('the other replica never caught up');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return Date.now() - started;
    };
    const later = `${sku}-B`;
    const listId = await publish([{ sku: later, amount: 2999, currency: 'CNY' }]);
    // The replica that published sees it at once (read-your-writes).
    expect((await selectOn(h.app, [later]))[0]).toMatchObject({ status: 'priced' });
    const seenAfter = await waitOn(
      async () => (await selectOn(other, [later]))[0].status === 'priced',
    );
    expect(seenAfter).toBeLessThanOrEqual(BOUND_MS);

    expect((await h.post(`/v1/price-lists/${listId}/archive`, change)).statusCode).toBe(200);
    expect((await selectOn(h.app, [later]))[0]).toMatchObject({ status: 'no_price' });
    const goneAfter = await waitOn(
      async () => (await selectOn(other, [later]))[0].status === 'no_price',
    );
    expect(goneAfter).toBeLessThanOrEqual(BOUND_MS);

    // A floor change and an exemption written through the first replica reach the second too.
    const put = await h.app.inject({
      method: 'PUT',
      url: `/v1/skus/${sku}/settings`,
      headers: auth,
      payload: { currency: 'CNY', cost: 1000, minMargin: 0.2, ceiling: 5000, ...change },
    });
    expect(put.statusCode).toBe(200);
    await waitOn(async () => {
      const [entry] = (await (
        await other.inject({
          method: 'POST',
          url: '/v1/prices/select',
          headers: auth,
          payload: { skus: [sku], currency: 'CNY', channel: 'tmall' },
        })
      ).json().prices) as { floor: number | null }[];
      return entry.floor === 1250;
    });
  });

  it('selects a publication, a rule result and an archive on the replica that made them as soon as each is done, explained or not', async () => {
    const sku = `CAT-UPD-${Date.now().toString(36)}`;
    const catalog = h.app.get(PriceCatalog);
    const selectBoth = async () => {
      const answers = await Promise.all(
        [true, false].map(
          async (explain) =>
            (
              await h.post('/v1/prices/select', {
                skus: [sku],
                currency: 'CNY',
                channel: 'tmall',
                explain,
              })
            ).json().prices[0] as { status: string; priceId?: string; price?: { amount: number } },
        ),
      );
      const [explained, unexplained] = answers.map(({ status, priceId, price }) => ({
        status,
        priceId,
        price,
      }));
      expect(unexplained).toEqual(explained);
      return answers[1];
    };
    expect(await selectBoth()).toMatchObject({ status: 'no_price' });
    await publish([{ sku, amount: 2000, currency: 'CNY' }]);
    expect(await selectBoth()).toMatchObject({ status: 'priced', price: { amount: 2000 } });
    const channelList = await publish([{ sku, amount: 1900, currency: 'CNY', channel: 'tmall' }]);
    expect(await selectBoth()).toMatchObject({ status: 'priced', price: { amount: 1900 } });
    // A rule result (as the rules write it, with its change-log row) is a dated channel price.
    await h.db.dataSource.query(
      `INSERT INTO rule_prices (sku, currency, channel, amount, proposed, rule_id, decided_at) VALUES ($1, 'CNY', 'tmall', 1950, 1950, 'r-upd', now() - interval '1 minute')`,
      [sku],
    );
    await catalog.refresh();
    expect(await selectBoth()).toMatchObject({
      priceId: `rule-price:${sku}:CNY:tmall`,
      price: { amount: 1950 },
    });
    await h.db.dataSource.query(`DELETE FROM rule_prices WHERE sku = $1`, [sku]);
    await catalog.refresh();
    expect(await selectBoth()).toMatchObject({ price: { amount: 1900 } });
    expect((await h.post(`/v1/price-lists/${channelList}/archive`, change)).statusCode).toBe(200);
    expect(await selectBoth()).toMatchObject({ price: { amount: 2000 } });
  });

  it('reads a change whose transaction commits late, and each change once even while an older transaction stays open', async () => {
    const reads = h.app.get(CatalogRepository);
    const runner = h.db.dataSource.createQueryRunner();
    const log = (key: string, manager = h.db.dataSource.manager) =>
      manager.query(`INSERT INTO catalog_changes (kind, key) VALUES ('sku', $1)`, [key]);
    try {
      const start = await reads.watermark();
      // The late one: its transaction began (and wrote) first, and commits last.
      await runner.startTransaction();
      await log('CAT-LATE', runner.manager);
      await log('CAT-EARLY');
      const first = await reads.changesSince(start);
      expect(first.skus).toContain('CAT-EARLY');
      expect(first.skus).not.toContain('CAT-LATE');
      // The open transaction holds the snapshot's xmin back: what was read stays read.
      const second = await reads.changesSince(first.watermark);
      expect(second.skus).not.toContain('CAT-EARLY');
      expect(second.skus).not.toContain('CAT-LATE');
      await runner.commitTransaction();
      const third = await reads.changesSince(second.watermark);
      expect(third.skus).toContain('CAT-LATE');
      expect(third.skus).not.toContain('CAT-EARLY');
      const fourth = await reads.changesSince(third.watermark);
      expect(fourth.skus).not.toContain('CAT-LATE');
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('drops to the database when the catalog has not caught up within PRICING_CATALOG_MAX_STALENESS_MS', () => {
    const catalog = h.app.get(PriceCatalog);
    expect(catalog.fresh()).toBe(true);
    expect(catalog.fresh(Date.now() + 5_001 + POLL_MS * 10)).toBe(false);
  });
});
