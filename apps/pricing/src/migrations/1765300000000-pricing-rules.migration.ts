import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dynamic rules attached to SKUs, the price each SKU's rules currently set (per channel), and
 * the signals they read: stock per location, competitor observations, demand per hour.
 */
export class PricingRules1765300000000 implements MigrationInterface {
  name = 'PricingRules1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pricing_rules (
        id text PRIMARY KEY,
        sku text NOT NULL,
        rule text NOT NULL,
        args jsonb NOT NULL,
        channel text,
        priority integer NOT NULL DEFAULT 100,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX pricing_rules_sku_idx ON pricing_rules (sku)`);
    await queryRunner.query(`
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
      )`);
    await queryRunner.query(`
      CREATE TABLE stock_levels (
        sku text NOT NULL,
        location text NOT NULL,
        on_hand integer NOT NULL,
        reserved integer NOT NULL,
        in_transit integer NOT NULL,
        observed_at timestamptz NOT NULL,
        PRIMARY KEY (sku, location)
      )`);
    await queryRunner.query(`
      CREATE TABLE competitor_prices (
        sku text NOT NULL,
        competitor text NOT NULL,
        amount bigint NOT NULL,
        currency text NOT NULL,
        observed_at timestamptz NOT NULL,
        PRIMARY KEY (sku, competitor)
      )`);
    await queryRunner.query(`
      CREATE TABLE demand_hours (
        sku text NOT NULL,
        hour timestamptz NOT NULL,
        views integer NOT NULL DEFAULT 0,
        carts integer NOT NULL DEFAULT 0,
        orders integer NOT NULL DEFAULT 0,
        PRIMARY KEY (sku, hour)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE demand_hours`);
    await queryRunner.query(`DROP TABLE competitor_prices`);
    await queryRunner.query(`DROP TABLE stock_levels`);
    await queryRunner.query(`DROP TABLE rule_prices`);
    await queryRunner.query(`DROP TABLE pricing_rules`);
  }
}
