import { sqlMigration } from '@omni/database';

/**
 * What reporting keeps of consumed events, per resolved customer, and the incremental KPI
 * buckets (channel × campaign × hour and UTC day, by event time) with the customer sets that
 * make distinct counts survive merges, splits and redeliveries. Design: ADR "reporting storage".
 */
export const ReportingFacts1767000000000 = sqlMigration({
  name: 'ReportingFacts1767000000000',
  up: [
    // One row per consumed event of a customer, under its eventDedupeKey: a redelivery, even
    // to a new consumer group, finds its key here and adds nothing.
    `
      CREATE TABLE events (
        event_key text PRIMARY KEY,
        customer_id text NOT NULL,
        type text NOT NULL,
        channel text NOT NULL,
        campaign_id text NOT NULL DEFAULT '',
        occurred_at timestamptz NOT NULL,
        order_id text,
        properties jsonb NOT NULL DEFAULT '{}'::jsonb,
        experiments jsonb,
        reversal_pending boolean NOT NULL DEFAULT false,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX events_customer_idx ON events (customer_id, occurred_at)`,
    `CREATE INDEX events_type_time_idx ON events (type, occurred_at)`,
    `CREATE INDEX events_pending_reversal_idx ON events (order_id) WHERE reversal_pending`,
    `
      CREATE TABLE orders (
        order_id text PRIMARY KEY,
        event_key text NOT NULL,
        customer_id text NOT NULL,
        channel text NOT NULL,
        campaign_id text NOT NULL DEFAULT '',
        placed_at timestamptz NOT NULL,
        total bigint NOT NULL,
        currency text NOT NULL,
        discount bigint NOT NULL DEFAULT 0,
        refunded bigint NOT NULL DEFAULT 0,
        cancelled_at timestamptz
      )`,
    `CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at)`,
    `CREATE INDEX orders_placed_idx ON orders (placed_at)`,
    `
      CREATE TABLE touches (
        event_key text PRIMARY KEY,
        customer_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        channel text NOT NULL,
        campaign_id text NOT NULL,
        source text,
        medium text,
        touch_type text NOT NULL,
        paid boolean NOT NULL
      )`,
    `CREATE INDEX touches_customer_idx ON touches (customer_id, occurred_at)`,
    `
      CREATE TABLE exposures (
        experiment_id text NOT NULL,
        variant text NOT NULL,
        customer_id text NOT NULL,
        first_exposed_at timestamptz NOT NULL,
        PRIMARY KEY (experiment_id, customer_id, variant)
      )`,
    `CREATE INDEX exposures_customer_idx ON exposures (customer_id)`,
    // Daily cost per channel and campaign; the latest event (by occurredAt) of a day wins.
    `
      CREATE TABLE spend (
        spend_date date NOT NULL,
        channel text NOT NULL,
        campaign_id text NOT NULL,
        cost bigint NOT NULL,
        currency text NOT NULL,
        occurred_at timestamptz NOT NULL,
        event_key text NOT NULL,
        PRIMARY KEY (spend_date, channel, campaign_id)
      )`,
    `
      CREATE TABLE kpi_buckets (
        grain text NOT NULL CHECK (grain IN ('hour', 'day')),
        bucket_start timestamptz NOT NULL,
        channel text NOT NULL,
        campaign_id text NOT NULL,
        events bigint NOT NULL DEFAULT 0,
        page_views bigint NOT NULL DEFAULT 0,
        product_views bigint NOT NULL DEFAULT 0,
        searches bigint NOT NULL DEFAULT 0,
        cart_adds bigint NOT NULL DEFAULT 0,
        checkouts bigint NOT NULL DEFAULT 0,
        orders bigint NOT NULL DEFAULT 0,
        gmv bigint NOT NULL DEFAULT 0,
        discounts bigint NOT NULL DEFAULT 0,
        other_currency_orders bigint NOT NULL DEFAULT 0,
        refunds bigint NOT NULL DEFAULT 0,
        refunded bigint NOT NULL DEFAULT 0,
        cancellations bigint NOT NULL DEFAULT 0,
        cancelled bigint NOT NULL DEFAULT 0,
        touches bigint NOT NULL DEFAULT 0,
        clicks bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (grain, bucket_start, channel, campaign_id)
      )`,
    // Who was counted in each bucket: distinct visitors and buyers are counted from these rows,
    // so one person is never counted twice, and a merge or split only rewrites their rows.
    `
      CREATE TABLE kpi_bucket_customers (
        grain text NOT NULL,
        bucket_start timestamptz NOT NULL,
        channel text NOT NULL,
        campaign_id text NOT NULL,
        role text NOT NULL CHECK (role IN ('visitor', 'buyer')),
        customer_id text NOT NULL,
        PRIMARY KEY (grain, bucket_start, channel, campaign_id, role, customer_id)
      )`,
    `CREATE INDEX kpi_bucket_customers_customer_idx ON kpi_bucket_customers (customer_id)`,
    // Merged ids and the survivor they now resolve to: an event resolved before a merge and
    // delivered after it is counted for the survivor.
    `
      CREATE TABLE customer_aliases (
        customer_id text PRIMARY KEY,
        survivor_id text NOT NULL
      )`,
    `CREATE INDEX customer_aliases_survivor_idx ON customer_aliases (survivor_id)`,
    // Erased ids: their late events are dropped, not stored again.
    `
      CREATE TABLE erased_customers (
        customer_id text PRIMARY KEY,
        erased_at timestamptz NOT NULL DEFAULT now()
      )`,
    // Per topic partition: the latest event time applied and when; GET /v1/kpis answers with it.
    `
      CREATE TABLE watermarks (
        topic text NOT NULL,
        partition int NOT NULL,
        event_time timestamptz NOT NULL,
        applied_at timestamptz NOT NULL,
        PRIMARY KEY (topic, partition)
      )`,
  ],
  down: [
    `DROP TABLE watermarks`,
    `DROP TABLE erased_customers`,
    `DROP TABLE customer_aliases`,
    `DROP TABLE kpi_bucket_customers`,
    `DROP TABLE kpi_buckets`,
    `DROP TABLE spend`,
    `DROP TABLE exposures`,
    `DROP TABLE touches`,
    `DROP TABLE orders`,
    `DROP TABLE events`,
  ],
});
