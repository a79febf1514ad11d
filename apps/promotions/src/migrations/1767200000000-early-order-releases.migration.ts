import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cancellation or refund can reach promotions before its order.placed (different producers,
 * partitions and retries). Both are kept with the event that carried them, so that when the
 * order's redemptions are recorded later they are released at once, once, under that event's
 * correlation. No personal data: the customer comes from the order.
 */
export class EarlyOrderReleases1767200000000 implements MigrationInterface {
  name = 'EarlyOrderReleases1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE order_cancellations (
        order_id text PRIMARY KEY,
        correlation_id text NOT NULL,
        causation_id text NOT NULL,
        cancelled_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      ALTER TABLE order_refunds
        ADD COLUMN correlation_id text,
        ADD COLUMN causation_id text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE order_refunds DROP COLUMN causation_id, DROP COLUMN correlation_id`,
    );
    await queryRunner.query(`DROP TABLE order_cancellations`);
  }
}
