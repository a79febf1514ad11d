import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which survivor a merged customer id folded into, so a client holding the old id is sent to
 * the survivor (`308`) instead of a `404`. A chain of merges points every old id at the last
 * survivor; erasing the survivor forgets the ids merged into it.
 */
export class CrmMergedCustomers1766200000000 implements MigrationInterface {
  name = 'CrmMergedCustomers1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE merged_customers (
        customer_id text COLLATE "C" PRIMARY KEY,
        survivor_id text COLLATE "C" NOT NULL,
        merged_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX merged_customers_survivor_idx ON merged_customers (survivor_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE merged_customers`);
  }
}
