import { sqlMigration } from '@omni/database';

/**
 * Rejections keep at most 8 KiB of the input they reject (see boundRejection): whether the
 * stored input was cut, and how large the whole input was. Rows stored before are as they
 * were received: not cut, size unknown.
 */
export const RejectionInputBounds1764600000000 = sqlMigration({
  name: 'RejectionInputBounds1764600000000',
  up: [
    `
      ALTER TABLE rejections
        ADD COLUMN input_truncated boolean NOT NULL DEFAULT false,
        ADD COLUMN input_bytes integer CHECK (input_bytes >= 0)`,
  ],
  down: [
    `
      ALTER TABLE rejections
        DROP COLUMN input_bytes,
        DROP COLUMN input_truncated`,
  ],
});
