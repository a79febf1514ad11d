import { sqlMigration } from '@omni/database';

/**
 * What reporting keeps of promotions' redemptions and offers and of pricing's consistency
 * breaches; a negative-review counter per bucket. The `discounts` counter is rebuilt from
 * redemptions from now on (ADR 0018b), so what order payloads put in it is cleared.
 */
export const ReportingPromotionsPricing1767100000000 = sqlMigration({
  name: 'ReportingPromotionsPricing1767100000000',
  up: [
    `ALTER TABLE kpi_buckets ADD COLUMN negative_reviews bigint NOT NULL DEFAULT 0`,
    `UPDATE kpi_buckets SET discounts = 0 WHERE discounts <> 0`,
    // One row per redemption; `counted` once its discount is in the bucket of its order (which
    // may arrive later), `released` the money given back so far.
    `
      CREATE TABLE redemptions (
        redemption_id text PRIMARY KEY,
        event_key text NOT NULL,
        order_id text NOT NULL,
        customer_id text,
        campaign_id text NOT NULL,
        promotion_id text,
        coupon_code text,
        discount bigint NOT NULL,
        currency text NOT NULL,
        recorded_at timestamptz NOT NULL,
        experiment_id text,
        variant text,
        counted boolean NOT NULL DEFAULT false,
        released bigint NOT NULL DEFAULT 0
      )`,
    `CREATE INDEX redemptions_waiting_idx ON redemptions (order_id) WHERE NOT counted`,
    `CREATE INDEX redemptions_campaign_idx ON redemptions (campaign_id)`,
    // One row per release event; `applied` once netted from its redemption (which may arrive later).
    `
      CREATE TABLE redemption_releases (
        event_key text PRIMARY KEY,
        redemption_id text NOT NULL,
        amount bigint,
        currency text,
        complete boolean NOT NULL,
        occurred_at timestamptz NOT NULL,
        applied boolean NOT NULL DEFAULT false
      )`,
    `CREATE INDEX redemption_releases_waiting_idx ON redemption_releases (redemption_id) WHERE NOT applied`,
    `
      CREATE TABLE offers (
        offer_id text PRIMARY KEY,
        event_key text NOT NULL,
        customer_id text,
        campaign_id text NOT NULL,
        reason text NOT NULL,
        coupon_code text,
        issued_at timestamptz NOT NULL,
        experiment_id text,
        variant text
      )`,
    `CREATE INDEX offers_campaign_idx ON offers (campaign_id, issued_at)`,
    // Alerts raised by another service's event: one per source event (its key), under a
    // built-in rule that is never judged.
    `ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_kind_check`,
    `ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_kind_check CHECK (kind IN ('threshold', 'anomaly', 'external'))`,
    `ALTER TABLE alerts ADD COLUMN source_key text`,
    `ALTER TABLE alerts DROP CONSTRAINT alerts_rule_id_window_start_key`,
    `CREATE UNIQUE INDEX alerts_rule_window_idx ON alerts (rule_id, window_start) WHERE source_key IS NULL`,
    `CREATE UNIQUE INDEX alerts_source_key_idx ON alerts (source_key)`,
    `INSERT INTO alert_rules (id, name, kind, metric, interval, cooldown_minutes, severity)
       VALUES ('pricing.consistency-breached', 'Price consistency breached (pricing)', 'external',
               'differenceBasisPoints', 'hour', 0, 'warning')`,
  ],
  down: [
    `DELETE FROM alerts WHERE rule_id IN (SELECT id FROM alert_rules WHERE kind = 'external')`,
    `DELETE FROM alert_rules WHERE kind = 'external'`,
    `DROP INDEX alerts_source_key_idx`,
    `DROP INDEX alerts_rule_window_idx`,
    `ALTER TABLE alerts ADD CONSTRAINT alerts_rule_id_window_start_key UNIQUE (rule_id, window_start)`,
    `ALTER TABLE alerts DROP COLUMN source_key`,
    `ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_kind_check`,
    `ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_kind_check CHECK (kind IN ('threshold', 'anomaly'))`,
    `DROP TABLE offers`,
    `DROP TABLE redemption_releases`,
    `DROP TABLE redemptions`,
    // Back to the order payloads' discounts, summed per bucket of the order.
    `
      UPDATE kpi_buckets b SET discounts = s.discount
        FROM (SELECT g.grain, date_trunc(g.grain, o.placed_at, 'UTC') AS bucket_start, o.channel,
                     o.campaign_id, sum(o.discount) AS discount
                FROM orders o CROSS JOIN (VALUES ('hour'), ('day')) AS g (grain)
               GROUP BY 1, 2, 3, 4) s
       WHERE b.grain = s.grain AND b.bucket_start = s.bucket_start AND b.channel = s.channel
         AND b.campaign_id = s.campaign_id`,
    `ALTER TABLE kpi_buckets DROP COLUMN negative_reviews`,
  ],
});
