import { sqlMigration } from '@omni/database';

/**
 * Per customer and UTC month, the customer's marketing touches packed as 8-byte entries (time
 * since the month began, then the id of the touch's channel, campaign, paid and touch type in
 * `touch_terms`), so that attribution reads one small row per customer instead of joining
 * orders to touches. Built here from the stored touches. Design: ADR 0023.
 */
export const ReportingTouchTimelines1767400000000 = sqlMigration({
  name: 'ReportingTouchTimelines1767400000000',
  up: [
    // Each (channel, campaign, paid, touch type) a touch has been seen with, once.
    `
      CREATE TABLE touch_terms (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        channel text NOT NULL,
        campaign_id text NOT NULL,
        paid boolean NOT NULL,
        touch_type text NOT NULL,
        UNIQUE (channel, campaign_id, paid, touch_type)
      )`,
    `
      CREATE TABLE touch_timelines (
        customer_id text NOT NULL,
        month date NOT NULL,
        entries bytea NOT NULL,
        PRIMARY KEY (customer_id, month)
      )`,
    `CREATE INDEX touch_timelines_month_idx ON touch_timelines (month)`,
    // Read whole and rewritten on append: compressing them would only cost CPU both ways.
    `ALTER TABLE touch_timelines ALTER COLUMN entries SET STORAGE EXTERNAL`,
    `
      INSERT INTO touch_terms (channel, campaign_id, paid, touch_type)
      SELECT DISTINCT channel, campaign_id, paid, touch_type FROM touches ORDER BY 1, 2, 3, 4`,
    `
      INSERT INTO touch_timelines (customer_id, month, entries)
      SELECT t.customer_id, (m.month AT TIME ZONE 'UTC')::date,
             string_agg(
               substring(int8send(floor(extract(epoch FROM t.occurred_at - m.month) * 1000)::bigint) FROM 5 FOR 4)
                 || int4send(te.id),
               ''::bytea
               ORDER BY t.occurred_at, t.channel COLLATE "C", t.campaign_id COLLATE "C", t.paid,
                        t.touch_type COLLATE "C")
        FROM touches t
        CROSS JOIN LATERAL (SELECT date_trunc('month', t.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month) m
        JOIN touch_terms te
          ON (te.channel, te.campaign_id, te.paid, te.touch_type) = (t.channel, t.campaign_id, t.paid, t.touch_type)
       GROUP BY t.customer_id, m.month`,
  ],
  down: [`DROP TABLE touch_timelines`, `DROP TABLE touch_terms`],
});
