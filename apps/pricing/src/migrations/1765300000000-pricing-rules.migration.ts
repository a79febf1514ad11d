import { sqlMigration } from '@omni/database';

/**
 * Dynamic rules attached to SKUs, the price each SKU's rules currently set (per channel), and
 * the signals they read: stock per location, competitor observations, demand per hour.
 */
export const PricingRules1765300000000 = sqlMigration({
  name: 'PricingRules1765300000000',
  up: [
    `
      CREATE TABLE pricing_rules (
        id text PRIMARY KEY,
        sku text NOT NULL,
        rule text NOT NULL,
        args jsonb NOT NULL,
        channel text,
        priority integer NOT NULL DEFAULT 100,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX pricing_rules_sku_idx ON pricing_rules (sku)`,
    `
      CREATE TABLE rule_prices (
        sku text NOT NULL,
        currency text NOT NULL,
        channel text NOT NULL DEFAULT '',
        amount bigint NOT NULL CHECK (amount >= 0),
        proposed bigint NOT NULL,
        clamped text CHECK (clamped IN ('floor', 'ceiling')),
        rule_id text NOT NULL,
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (sku, currency, channel)
      )`,
    `
      CREATE TABLE stock_levels (
        sku text NOT NULL,
        location text NOT NULL,
        on_hand integer NOT NULL,
        reserved integer NOT NULL,
        in_transit integer NOT NULL,
        observed_at timestamptz NOT NULL,
        PRIMARY KEY (sku, location)
      )`,
    `
      CREATE TABLE competitor_prices (
        sku text NOT NULL,
        competitor text NOT NULL,
        amount bigint NOT NULL,
        currency text NOT NULL,
        observed_at timestamptz NOT NULL,
        PRIMARY KEY (sku, competitor)
      )`,
    `
      CREATE TABLE demand_hours (
        sku text NOT NULL,
        hour timestamptz NOT NULL,
        views integer NOT NULL DEFAULT 0,
        carts integer NOT NULL DEFAULT 0,
        orders integer NOT NULL DEFAULT 0,
        PRIMARY KEY (sku, hour)
      )`,
  ],
  down: [
    `DROP TABLE demand_hours`,
    `DROP TABLE competitor_prices`,
    `DROP TABLE stock_levels`,
    `DROP TABLE rule_prices`,
    `DROP TABLE pricing_rules`,
  ],
});
