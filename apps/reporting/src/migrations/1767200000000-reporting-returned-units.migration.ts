import { sqlMigration } from '@omni/database';

/**
 * Units that came back: per order and SKU, the units a `return-and-refund` refund took back out
 * of the day the order was placed, so that units sold are net of returns, a second refund never
 * returns more than was sold, and a later cancellation takes back only what is left.
 */
export const ReportingReturnedUnits1767200000000 = sqlMigration({
  name: 'ReportingReturnedUnits1767200000000',
  up: [
    `
      CREATE TABLE returned_units (
        order_id text NOT NULL,
        sku text NOT NULL,
        units bigint NOT NULL CHECK (units > 0),
        PRIMARY KEY (order_id, sku)
      )`,
  ],
  down: [`DROP TABLE returned_units`],
});
