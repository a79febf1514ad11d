import { sqlMigration } from '@omni/database';

/**
 * CSAT and service-contact counters in the KPI buckets, stock and units sold per SKU by day,
 * and a revision per channel decision so that each published decision is published once.
 */
export const ReportingInventoryCsatDecisionRevisions1767000000010 = sqlMigration({
  name: 'ReportingInventoryCsatDecisionRevisions1767000000010',
  up: [
    `
      ALTER TABLE kpi_buckets
        ADD COLUMN csat_answers bigint NOT NULL DEFAULT 0,
        ADD COLUMN csat_satisfied bigint NOT NULL DEFAULT 0,
        ADD COLUMN csat_score_sum bigint NOT NULL DEFAULT 0,
        ADD COLUMN service_contacts bigint NOT NULL DEFAULT 0`,
    `
      ALTER TABLE kpi_bucket_customers DROP CONSTRAINT kpi_bucket_customers_role_check,
        ADD CONSTRAINT kpi_bucket_customers_role_check
          CHECK (role IN ('visitor', 'buyer', 'respondent', 'contact'))`,
    // One rating per answer key: a service contact rated on the contact and again in an
    // after-contact survey counts once (the first to arrive), any other survey by its event.
    `
      CREATE TABLE csat_answers (
        answer_key text PRIMARY KEY,
        event_key text NOT NULL,
        score int NOT NULL CHECK (score BETWEEN 1 AND 5),
        occurred_at timestamptz NOT NULL
      )`,
    // Each snapshot once: by its event key, and by location, SKU and instant (a resent snapshot
    // under a new event id is the same stock).
    `
      CREATE TABLE inventory_snapshots (
        event_key text PRIMARY KEY,
        channel text NOT NULL,
        location text NOT NULL,
        sku text NOT NULL,
        occurred_at timestamptz NOT NULL,
        available bigint NOT NULL,
        UNIQUE (sku, channel, location, occurred_at)
      )`,
    // Per UTC day, location and SKU: sums for the stock-out rate and average stock, and the
    // day's latest snapshot for the stock at the end of a range.
    `
      CREATE TABLE inventory_days (
        day date NOT NULL,
        channel text NOT NULL,
        location text NOT NULL,
        sku text NOT NULL,
        snapshots bigint NOT NULL,
        stockouts bigint NOT NULL,
        available_sum bigint NOT NULL,
        last_at timestamptz NOT NULL,
        last_available bigint NOT NULL,
        PRIMARY KEY (day, channel, location, sku)
      )`,
    // Units of each SKU on new orders, per UTC day and channel, and when it last sold that day.
    `
      CREATE TABLE sku_sales_days (
        day date NOT NULL,
        channel text NOT NULL,
        sku text NOT NULL,
        units bigint NOT NULL,
        orders bigint NOT NULL,
        last_sold_at timestamptz NOT NULL,
        PRIMARY KEY (day, channel, sku)
      )`,
    `CREATE INDEX sku_sales_days_sku_idx ON sku_sales_days (sku, day)`,
    `ALTER TABLE channel_decisions ADD COLUMN revision int NOT NULL DEFAULT 1`,
  ],
  down: [
    `ALTER TABLE channel_decisions DROP COLUMN revision`,
    `DROP TABLE sku_sales_days`,
    `DROP TABLE inventory_days`,
    `DROP TABLE inventory_snapshots`,
    `DROP TABLE csat_answers`,
    `DELETE FROM kpi_bucket_customers WHERE role IN ('respondent', 'contact')`,
    `
      ALTER TABLE kpi_bucket_customers DROP CONSTRAINT kpi_bucket_customers_role_check,
        ADD CONSTRAINT kpi_bucket_customers_role_check CHECK (role IN ('visitor', 'buyer'))`,
    `
      ALTER TABLE kpi_buckets
        DROP COLUMN csat_answers,
        DROP COLUMN csat_satisfied,
        DROP COLUMN csat_score_sum,
        DROP COLUMN service_contacts`,
  ],
});
