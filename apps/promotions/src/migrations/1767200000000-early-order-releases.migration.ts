import { sqlMigration } from '@omni/database';

/**
 * A cancellation or refund can reach promotions before its order.placed (different producers,
 * partitions and retries). Both are kept with the event that carried them, so that when the
 * order's redemptions are recorded later they are released at once, once, under that event's
 * correlation. No personal data: the customer comes from the order.
 */
export const EarlyOrderReleases1767200000000 = sqlMigration({
  name: 'EarlyOrderReleases1767200000000',
  up: [
    `
      CREATE TABLE order_cancellations (
        order_id text PRIMARY KEY,
        correlation_id text NOT NULL,
        causation_id text NOT NULL,
        cancelled_at timestamptz NOT NULL
      )`,
    `
      ALTER TABLE order_refunds
        ADD COLUMN correlation_id text,
        ADD COLUMN causation_id text`,
  ],
  down: [
    `ALTER TABLE order_refunds DROP COLUMN causation_id, DROP COLUMN correlation_id`,
    `DROP TABLE order_cancellations`,
  ],
});
