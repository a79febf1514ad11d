import { sqlMigration } from '@omni/database';

/** Cross-channel consistency alerts: at most one open alert per SKU, currency and channel pair. */
export const ConsistencyAlerts1765400000000 = sqlMigration({
  name: 'ConsistencyAlerts1765400000000',
  up: [
    `
      CREATE TABLE consistency_alerts (
        id text PRIMARY KEY,
        sku text NOT NULL,
        currency text NOT NULL,
        first_channel text NOT NULL,
        second_channel text NOT NULL,
        first_amount bigint NOT NULL,
        second_amount bigint NOT NULL,
        difference_bp integer NOT NULL,
        tolerance_bp integer NOT NULL,
        opened_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`,
    `CREATE UNIQUE INDEX consistency_alerts_open_idx ON consistency_alerts (sku, currency, first_channel, second_channel) WHERE resolved_at IS NULL`,
    `CREATE INDEX consistency_alerts_opened_idx ON consistency_alerts (opened_at DESC)`,
  ],
  down: [`DROP TABLE consistency_alerts`],
});
