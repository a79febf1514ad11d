import { sqlMigration } from '@omni/database';

/**
 * Stock counts as wide as the contract allows: `inventory.snapshot` counts are safe integers,
 * and a count above 2,147,483,647 (a warehouse of screws) no longer dead-letters the snapshot.
 */
export const StockCountsBigint1765800000000 = sqlMigration({
  name: 'StockCountsBigint1765800000000',
  up: [
    `
      ALTER TABLE stock_levels
        ALTER COLUMN on_hand TYPE bigint,
        ALTER COLUMN reserved TYPE bigint,
        ALTER COLUMN in_transit TYPE bigint`,
  ],
  down: [
    `
      ALTER TABLE stock_levels
        ALTER COLUMN on_hand TYPE integer,
        ALTER COLUMN reserved TYPE integer,
        ALTER COLUMN in_transit TYPE integer`,
  ],
});
