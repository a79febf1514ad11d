import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial refunds, flash-sale unit caps and offer origins:
 * - a redemption keeps its per-SKU share of the discount and how much of it was released, and
 *   each refund of an order is recorded once (by refund id, else by event), so a partial refund
 *   releases its share of the budget once and a redelivery releases nothing;
 * - a promotion with a flash price counts the units sold at that price against its cap, and a
 *   redemption keeps its units so a cancel gives them back;
 * - an offer keeps the channel event its journey started from, so a profile split moves it;
 * - each order counted for a customer (first-order) keeps its event, so a split moves the count
 *   and a redelivered order is counted once.
 */
export class PartialRefundsFlashUnitsOfferOrigins1767100000000 implements MigrationInterface {
  name = 'PartialRefundsFlashUnitsOfferOrigins1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE redemptions
        ADD COLUMN lines jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN released_amount bigint NOT NULL DEFAULT 0 CHECK (released_amount >= 0),
        ADD COLUMN units integer NOT NULL DEFAULT 0 CHECK (units >= 0),
        ADD CONSTRAINT redemptions_released_within_discount CHECK (released_amount <= discount)`);
    await queryRunner.query(`
      CREATE TABLE order_refunds (
        order_id text NOT NULL,
        refund_key text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        lines jsonb,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, refund_key)
      )`);
    await queryRunner.query(`
      ALTER TABLE promotions
        ADD COLUMN unit_cap integer CHECK (unit_cap >= 0),
        ADD COLUMN units_sold integer NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
        ADD CONSTRAINT promotions_units_within_cap CHECK (unit_cap IS NULL OR units_sold <= unit_cap)`);
    await queryRunner.query(`
      CREATE TABLE customer_orders (
        order_id text PRIMARY KEY,
        customer_id text NOT NULL,
        source_event_key text,
        placed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX customer_orders_customer_idx ON customer_orders (customer_id, source_event_key)`,
    );
    await queryRunner.query(`ALTER TABLE offers ADD COLUMN origin_event_key text`);
    await queryRunner.query(
      `CREATE INDEX offers_origin_idx ON offers (customer_id, origin_event_key) WHERE origin_event_key IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX offers_origin_idx`);
    await queryRunner.query(`ALTER TABLE offers DROP COLUMN origin_event_key`);
    await queryRunner.query(`DROP TABLE customer_orders`);
    await queryRunner.query(
      `ALTER TABLE promotions DROP CONSTRAINT promotions_units_within_cap, DROP COLUMN units_sold, DROP COLUMN unit_cap`,
    );
    await queryRunner.query(`DROP TABLE order_refunds`);
    await queryRunner.query(
      `ALTER TABLE redemptions DROP CONSTRAINT redemptions_released_within_discount, DROP COLUMN units, DROP COLUMN released_amount, DROP COLUMN lines`,
    );
  }
}
