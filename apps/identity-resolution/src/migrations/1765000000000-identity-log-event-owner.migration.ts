import { sqlMigration } from '@omni/database';

/**
 * The resolution log records, per event, its connector (with the event id, the event's key
 * downstream) and one identifier it was resolved through. A split moves identifiers, not
 * events: an event belongs to the new profile that its identifier now belongs to, and the
 * split publishes those keys so downstream services can re-key their facts. The index on
 * customer_id finds a profile's events when it is split. Rows logged before this migration
 * have neither column and are not moved.
 */
export const IdentityLogEventOwner1765000000000 = sqlMigration({
  name: 'IdentityLogEventOwner1765000000000',
  up: [
    `ALTER TABLE resolution_log ADD COLUMN connector_id text, ADD COLUMN identifier_hash text COLLATE "C"`,
    `CREATE INDEX resolution_log_customer_idx ON resolution_log (customer_id, seq)`,
  ],
  down: [
    `DROP INDEX resolution_log_customer_idx`,
    `ALTER TABLE resolution_log DROP COLUMN identifier_hash, DROP COLUMN connector_id`,
  ],
});
