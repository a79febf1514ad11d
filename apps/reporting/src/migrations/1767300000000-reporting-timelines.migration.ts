import { sqlMigration } from '@omni/database';

/**
 * Per customer and UTC month, the customer's events packed as 16-byte entries (time since the
 * month began, then the term ids of type, channel and campaign), so that a funnel reads one
 * small row per customer instead of every event. Built here from the stored events. Design:
 * ADR 0019.
 */
export const ReportingTimelines1767300000000 = sqlMigration({
  name: 'ReportingTimelines1767300000000',
  up: [
    // Event types, channels and campaign ids, each once; entries hold their ids.
    `
      CREATE TABLE timeline_terms (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        term text NOT NULL UNIQUE
      )`,
    `
      CREATE TABLE timelines (
        customer_id text NOT NULL,
        month date NOT NULL,
        entries bytea NOT NULL,
        PRIMARY KEY (customer_id, month)
      )`,
    `CREATE INDEX timelines_month_idx ON timelines (month)`,
    // Read whole and rewritten on append: compressing them would only cost CPU both ways.
    `ALTER TABLE timelines ALTER COLUMN entries SET STORAGE EXTERNAL`,
    `
      INSERT INTO timeline_terms (term)
      SELECT DISTINCT term FROM events CROSS JOIN LATERAL (VALUES (type), (channel), (campaign_id)) t(term)
       ORDER BY term`,
    `
      INSERT INTO timelines (customer_id, month, entries)
      SELECT e.customer_id, (m.month AT TIME ZONE 'UTC')::date,
             string_agg(
               substring(int8send(floor(extract(epoch FROM e.occurred_at - m.month) * 1000)::bigint) FROM 5 FOR 4)
                 || int4send(ty.id) || int4send(ch.id) || int4send(ca.id),
               ''::bytea
               ORDER BY e.occurred_at, e.type COLLATE "C", e.channel COLLATE "C", e.campaign_id COLLATE "C")
        FROM events e
        CROSS JOIN LATERAL (SELECT date_trunc('month', e.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month) m
        JOIN timeline_terms ty ON ty.term = e.type
        JOIN timeline_terms ch ON ch.term = e.channel
        JOIN timeline_terms ca ON ca.term = e.campaign_id
       GROUP BY e.customer_id, m.month`,
  ],
  down: [`DROP TABLE timelines`, `DROP TABLE timeline_terms`],
});
