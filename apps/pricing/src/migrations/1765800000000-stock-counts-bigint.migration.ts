import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock counts as wide as the contract allows: `inventory.snapshot` counts are safe integers,
 * and a count above 2,147,483,647 (a warehouse of screws) no longer dead-letters the snapshot.
 */
export class StockCountsBigint1765800000000 implements MigrationInterface {
  name = 'StockCountsBigint1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE stock_levels
        ALTER COLUMN on_hand TYPE bigint,
        ALTER COLUMN reserved TYPE bigint,
        ALTER COLUMN in_transit TYPE bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE stock_levels
        ALTER COLUMN on_hand TYPE integer,
        ALTER COLUMN reserved TYPE integer,
        ALTER COLUMN in_transit TYPE integer`);
  }
}
