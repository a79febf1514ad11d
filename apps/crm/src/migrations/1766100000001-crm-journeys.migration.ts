import { sqlMigration } from '@omni/database';

/**
 * Durable journeys: instances, one timer per step (claimed by the scheduler with SKIP LOCKED),
 * every firing or suppression with its reason (at most one per journey, instance and step),
 * and each customer's first paid order for the "silent after the first order" journey.
 */
export const CrmJourneys1766100000001 = sqlMigration({
  name: 'CrmJourneys1766100000001',
  up: [
    `
      CREATE TABLE journey_instances (
        instance_id text PRIMARY KEY,
        journey_id text NOT NULL,
        customer_id text NOT NULL,
        scope_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'exited', 'completed')),
        entered_at timestamptz NOT NULL,
        anchor_at timestamptz NOT NULL,
        context jsonb NOT NULL DEFAULT '{}',
        source_event_key text,
        exited_at timestamptz,
        exit_reason text
      )`,
    `CREATE INDEX journey_instances_customer_idx ON journey_instances (customer_id, journey_id, scope_key)`,
    `CREATE UNIQUE INDEX journey_instances_one_active_idx ON journey_instances (customer_id, journey_id, scope_key) WHERE status = 'active'`,
    `
      CREATE TABLE journey_timers (
        id bigserial PRIMARY KEY,
        instance_id text NOT NULL REFERENCES journey_instances (instance_id) ON DELETE CASCADE,
        journey_id text NOT NULL,
        customer_id text NOT NULL,
        step text NOT NULL,
        step_index int NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'fired', 'suppressed', 'cancelled')),
        UNIQUE (journey_id, instance_id, step)
      )`,
    `CREATE INDEX journey_timers_due_idx ON journey_timers (due_at) WHERE status = 'pending'`,
    `CREATE INDEX journey_timers_customer_idx ON journey_timers (customer_id)`,
    `
      CREATE TABLE journey_firings (
        id bigserial PRIMARY KEY,
        journey_id text NOT NULL,
        instance_id text NOT NULL,
        step text NOT NULL,
        customer_id text NOT NULL,
        channel text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('triggered', 'suppressed')),
        reason text,
        explanation text,
        due_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL,
        event_id text,
        UNIQUE (journey_id, instance_id, step)
      )`,
    `CREATE INDEX journey_firings_contacts_idx ON journey_firings (customer_id, channel, fired_at) WHERE outcome = 'triggered'`,
    `
      CREATE TABLE journey_first_orders (
        customer_id text PRIMARY KEY,
        order_id text NOT NULL,
        paid_at timestamptz NOT NULL
      )`,
  ],
  down: [
    `DROP TABLE journey_first_orders`,
    `DROP TABLE journey_firings`,
    `DROP TABLE journey_timers`,
    `DROP TABLE journey_instances`,
  ],
});
