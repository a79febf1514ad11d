import { sqlMigration } from '@omni/database';

/**
 * Consent per customer, channel and purpose: the current decision (latest by event time) and
 * every decision ever recorded, with the event that carried it, so a split can move history by
 * source event and an erasure can delete it all.
 */
export const CrmConsent1766100000000 = sqlMigration({
  name: 'CrmConsent1766100000000',
  up: [
    `
      CREATE TABLE consent_history (
        id bigserial PRIMARY KEY,
        customer_id text NOT NULL,
        channel text NOT NULL,
        purpose text NOT NULL,
        granted boolean NOT NULL,
        policy_version text,
        occurred_at timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('event', 'api', 'merge')),
        source_event_key text,
        actor text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX consent_history_customer_idx ON consent_history (customer_id, channel, purpose, occurred_at)`,
    `
      CREATE TABLE consent (
        customer_id text NOT NULL,
        channel text NOT NULL,
        purpose text NOT NULL,
        granted boolean NOT NULL,
        policy_version text,
        occurred_at timestamptz NOT NULL,
        source text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (customer_id, channel, purpose)
      )`,
  ],
  down: [`DROP TABLE consent`, `DROP TABLE consent_history`],
});
