import { createTestDatabase, type TestDatabase } from '@omni/testing';
import { migrations } from '../src/migrations';
import { ReportingPromotionsPricing1767100000000 } from '../src/migrations/1767100000000-reporting-promotions-pricing.migration';
import { service } from '../src/service';

// Migrated up to the one under test, so that it is the last one to undo.
const upToPromotionsPricing = migrations.slice(
  0,
  migrations.indexOf(ReportingPromotionsPricing1767100000000) + 1,
);

describe('the migration of promotions, pricing and review figures', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ service: service.name, migrations: upToPromotionsPricing });
  });

  afterAll(async () => {
    await db?.drop();
  });

  const tables = async () =>
    (
      (await db.dataSource.query(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name IN ('redemptions', 'redemption_releases', 'offers')
          ORDER BY 1`,
      )) as { name: string }[]
    ).map((row) => row.name);
  const discounts = async () =>
    (
      (await db.dataSource.query(
        `SELECT grain, discounts::int AS discounts FROM kpi_buckets ORDER BY grain`,
      )) as { grain: string; discounts: number }[]
    ).map((row) => [row.grain, row.discounts]);

  it('goes down to the order payloads’ discounts and comes back up to an empty counter', async () => {
    expect(await tables()).toEqual(['offers', 'redemption_releases', 'redemptions']);
    await db.dataSource.query(
      `INSERT INTO orders (order_id, event_key, customer_id, channel, campaign_id, placed_at, total, currency, discount)
       VALUES ('o-1', 'e-1', 'cus-1', 'web', 'c', '2026-04-02T10:15:00Z', 10000, 'CNY', 1500)`,
    );
    await db.dataSource.query(
      `INSERT INTO kpi_buckets (grain, bucket_start, channel, campaign_id, orders, gmv, negative_reviews)
       VALUES ('hour', '2026-04-02T10:00:00Z', 'web', 'c', 1, 10000, 2),
              ('day', '2026-04-02T00:00:00Z', 'web', 'c', 1, 10000, 2)`,
    );

    await db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    expect(await discounts()).toEqual([
      ['day', 1_500],
      ['hour', 1_500],
    ]);
    const kinds = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM alert_rules WHERE kind = 'external'`,
    )) as { n: number }[];
    expect(kinds[0].n).toBe(0);

    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(['offers', 'redemption_releases', 'redemptions']);
    expect(await discounts()).toEqual([
      ['day', 0],
      ['hour', 0],
    ]);
    const rule = (await db.dataSource.query(
      `SELECT kind, enabled FROM alert_rules WHERE id = 'pricing.consistency-breached'`,
    )) as { kind: string; enabled: boolean }[];
    expect(rule).toEqual([{ kind: 'external', enabled: true }]);
  });
});
