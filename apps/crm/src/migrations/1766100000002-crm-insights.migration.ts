import { sqlMigration } from '@omni/database';

/**
 * What crm derives about each customer: orders as RFM and CLV see them, the signals of churn
 * reasons, the computed insights (RFM, lifecycle, value tier, churn reason, CLV), the quintile
 * cut points of the last scheduled assessment, and dynamic segments with their members.
 */
export const CrmInsights1766100000002 = sqlMigration({
  name: 'CrmInsights1766100000002',
  up: [
    `
      CREATE TABLE insight_orders (
        customer_id text NOT NULL,
        order_id text NOT NULL,
        placed_at timestamptz,
        paid_at timestamptz,
        currency text,
        paid_minor bigint NOT NULL DEFAULT 0,
        refunded_minor bigint NOT NULL DEFAULT 0,
        promotion boolean NOT NULL DEFAULT false,
        cancelled boolean NOT NULL DEFAULT false,
        source_event_keys text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (customer_id, order_id)
      )`,
    `
      CREATE TABLE customer_insights (
        customer_id text PRIMARY KEY,
        first_seen_at timestamptz NOT NULL,
        last_activity_at timestamptz NOT NULL,
        complaints int NOT NULL DEFAULT 0,
        low_ratings int NOT NULL DEFAULT 0,
        rfm_r smallint,
        rfm_f smallint,
        rfm_m smallint,
        lifecycle text NOT NULL DEFAULT 'new',
        value_tier text,
        churn_reason text,
        clv_currency text,
        clv_historical_minor bigint NOT NULL DEFAULT 0,
        clv_predicted_minor bigint NOT NULL DEFAULT 0,
        assessed_at timestamptz
      )`,
    `
      CREATE TABLE rfm_boundaries (
        id smallint PRIMARY KEY CHECK (id = 1),
        recency_days double precision[] NOT NULL,
        frequency double precision[] NOT NULL,
        monetary double precision[] NOT NULL,
        computed_at timestamptz NOT NULL
      )`,
    `
      CREATE TABLE segments (
        segment_id text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        rule jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE segment_members (
        segment_id text NOT NULL REFERENCES segments (segment_id) ON DELETE CASCADE,
        customer_id text NOT NULL,
        joined_at timestamptz NOT NULL,
        PRIMARY KEY (segment_id, customer_id)
      )`,
    `CREATE INDEX segment_members_customer_idx ON segment_members (customer_id)`,
  ],
  down: [
    `DROP TABLE segment_members`,
    `DROP TABLE segments`,
    `DROP TABLE rfm_boundaries`,
    `DROP TABLE customer_insights`,
    `DROP TABLE insight_orders`,
  ],
});
