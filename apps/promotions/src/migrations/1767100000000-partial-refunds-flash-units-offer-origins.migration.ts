import { sqlMigration } from '@omni/database';

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
export const PartialRefundsFlashUnitsOfferOrigins1767100000000 = sqlMigration({
  name: 'PartialRefundsFlashUnitsOfferOrigins1767100000000',
  up: [
    `
      ALTER TABLE redemptions
        ADD COLUMN lines jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN released_amount bigint NOT NULL DEFAULT 0 CHECK (released_amount >= 0),
        ADD COLUMN units integer NOT NULL DEFAULT 0 CHECK (units >= 0),
        ADD CONSTRAINT redemptions_released_within_discount CHECK (released_amount <= discount)`,
    `
      CREATE TABLE order_refunds (
        order_id text NOT NULL,
        refund_key text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        lines jsonb,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, refund_key)
      )`,
    `
      ALTER TABLE promotions
        ADD COLUMN unit_cap integer CHECK (unit_cap >= 0),
        ADD COLUMN units_sold integer NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
        ADD CONSTRAINT promotions_units_within_cap CHECK (unit_cap IS NULL OR units_sold <= unit_cap)`,
    `
      CREATE TABLE customer_orders (
        order_id text PRIMARY KEY,
        customer_id text NOT NULL,
        source_event_key text,
        placed_at timestamptz NOT NULL
      )`,
    `CREATE INDEX customer_orders_customer_idx ON customer_orders (customer_id, source_event_key)`,
    `ALTER TABLE offers ADD COLUMN origin_event_key text`,
    `CREATE INDEX offers_origin_idx ON offers (customer_id, origin_event_key) WHERE origin_event_key IS NOT NULL`,
  ],
  down: [
    `DROP INDEX offers_origin_idx`,
    `ALTER TABLE offers DROP COLUMN origin_event_key`,
    `DROP TABLE customer_orders`,
    `ALTER TABLE promotions DROP CONSTRAINT promotions_units_within_cap, DROP COLUMN units_sold, DROP COLUMN unit_cap`,
    `DROP TABLE order_refunds`,
    `ALTER TABLE redemptions DROP CONSTRAINT redemptions_released_within_discount, DROP COLUMN units, DROP COLUMN released_amount, DROP COLUMN lines`,
  ],
});
