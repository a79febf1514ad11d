import { sqlMigration } from '@omni/database';

/**
 * Cheaper upkeep for the dedupe keys, which take one row per accepted event:
 * - the key columns compare bytewise (COLLATE "C"): equality is the same as under any
 *   deterministic collation, but every btree comparison skips the locale's rules;
 * - the purge looks rows up by age only, and rows arrive in time order, so a BRIN index on
 *   received_at replaces the btree that cost an index entry per event.
 */
export const DedupeKeysUpkeep1764200000000 = sqlMigration({
  name: 'DedupeKeysUpkeep1764200000000',
  up: [
    `
      ALTER TABLE dedupe_keys
        ALTER COLUMN connector_id TYPE text COLLATE "C",
        ALTER COLUMN event_id TYPE text COLLATE "C"`,
    `DROP INDEX dedupe_keys_received_at_idx`,
    `CREATE INDEX dedupe_keys_received_at_brin ON dedupe_keys USING brin (received_at)`,
  ],
  down: [
    `DROP INDEX dedupe_keys_received_at_brin`,
    `CREATE INDEX dedupe_keys_received_at_idx ON dedupe_keys (received_at)`,
    `
      ALTER TABLE dedupe_keys
        ALTER COLUMN connector_id TYPE text COLLATE "default",
        ALTER COLUMN event_id TYPE text COLLATE "default"`,
  ],
});
