import { sqlMigration } from '@omni/database';

/** Alert rules on KPIs, and the alerts they raised (one per rule and closed window). */
export const ReportingAlerts1767000000001 = sqlMigration({
  name: 'ReportingAlerts1767000000001',
  up: [
    `
      CREATE TABLE alert_rules (
        id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('threshold', 'anomaly')),
        metric text NOT NULL,
        interval text NOT NULL CHECK (interval IN ('hour', 'day')),
        channel text,
        campaign_id text,
        comparator text CHECK (comparator IN ('above', 'below')),
        threshold double precision,
        band_width double precision,
        history_windows int,
        cooldown_minutes int NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE alerts (
        id text PRIMARY KEY,
        rule_id text NOT NULL REFERENCES alert_rules (id),
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        metric text NOT NULL,
        value double precision NOT NULL,
        threshold double precision,
        lower_bound double precision,
        upper_bound double precision,
        severity text NOT NULL,
        message text NOT NULL,
        raised_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        escalated_at timestamptz,
        UNIQUE (rule_id, window_start)
      )`,
    `CREATE INDEX alerts_open_idx ON alerts (raised_at) WHERE acknowledged_at IS NULL`,
  ],
  down: [`DROP TABLE alerts`, `DROP TABLE alert_rules`],
});
