import { sqlMigration } from '@omni/database';

/** Channel decisions with the figures they were made from, and manual inputs per channel. */
export const ReportingChannelDecisions1767000000002 = sqlMigration({
  name: 'ReportingChannelDecisions1767000000002',
  up: [
    `
      CREATE TABLE channel_decisions (
        period_end date NOT NULL,
        channel text NOT NULL,
        period_start date NOT NULL,
        recommendation text,
        health_index double precision,
        resource_cut boolean NOT NULL,
        figures jsonb NOT NULL,
        reason text NOT NULL,
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (period_end, channel)
      )`,
    `
      CREATE TABLE channel_inputs (
        channel text PRIMARY KEY,
        partner_relations int NOT NULL CHECK (partner_relations BETWEEN 0 AND 100),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
  ],
  down: [`DROP TABLE channel_inputs`, `DROP TABLE channel_decisions`],
});
