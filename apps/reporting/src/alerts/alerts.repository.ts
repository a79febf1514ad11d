import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AlertRule } from './alert-rules';

export type AlertRow = {
  id: string;
  ruleId: string;
  ruleName: string;
  windowStart: Date;
  windowEnd: Date;
  metric: string;
  value: number;
  threshold: number | null;
  lowerBound: number | null;
  upperBound: number | null;
  severity: AlertRule['severity'];
  message: string;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  escalatedAt: Date | null;
  channel: string | null;
  campaignId: string | null;
};

type RawRule = {
  id: string;
  name: string;
  kind: AlertRule['kind'];
  metric: AlertRule['metric'];
  interval: AlertRule['interval'];
  channel: string | null;
  campaign_id: string | null;
  comparator: AlertRule['comparator'];
  threshold: number | null;
  band_width: number | null;
  history_windows: number | null;
  cooldown_minutes: number;
  severity: AlertRule['severity'];
  enabled: boolean;
};

const toRule = (r: RawRule): AlertRule => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  metric: r.metric,
  interval: r.interval,
  channel: r.channel,
  campaignId: r.campaign_id,
  comparator: r.comparator,
  threshold: r.threshold,
  bandWidth: r.band_width,
  historyWindows: r.history_windows,
  cooldownMinutes: r.cooldown_minutes,
  severity: r.severity,
  enabled: r.enabled,
});

const ALERT_COLUMNS = `a.id, a.rule_id, r.name AS rule_name, a.window_start, a.window_end, a.metric, a.value,
  a.threshold, a.lower_bound, a.upper_bound, a.severity, a.message, a.raised_at, a.acknowledged_at,
  a.acknowledged_by, a.escalated_at, r.channel, r.campaign_id`;

const toAlert = (r: Record<string, unknown>): AlertRow => ({
  id: r['id'] as string,
  ruleId: r['rule_id'] as string,
  ruleName: r['rule_name'] as string,
  windowStart: new Date(r['window_start'] as string),
  windowEnd: new Date(r['window_end'] as string),
  metric: r['metric'] as string,
  value: r['value'] as number,
  threshold: r['threshold'] as number | null,
  lowerBound: r['lower_bound'] as number | null,
  upperBound: r['upper_bound'] as number | null,
  severity: r['severity'] as AlertRow['severity'],
  message: r['message'] as string,
  raisedAt: new Date(r['raised_at'] as string),
  acknowledgedAt: r['acknowledged_at'] ? new Date(r['acknowledged_at'] as string) : null,
  acknowledgedBy: (r['acknowledged_by'] as string | null) ?? null,
  escalatedAt: r['escalated_at'] ? new Date(r['escalated_at'] as string) : null,
  channel: (r['channel'] as string | null) ?? null,
  campaignId: (r['campaign_id'] as string | null) ?? null,
});

const INSERT_RULE = `INSERT INTO alert_rules (id, name, kind, metric, interval, channel, campaign_id, comparator, threshold,
                                band_width, history_windows, cooldown_minutes, severity, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;

/** The parameters of INSERT_RULE, in its column order. */
const ruleParameters = (rule: AlertRule): unknown[] => [
  rule.id,
  rule.name,
  rule.kind,
  rule.metric,
  rule.interval,
  rule.channel,
  rule.campaignId,
  rule.comparator,
  rule.threshold,
  rule.bandWidth,
  rule.historyWindows,
  rule.cooldownMinutes,
  rule.severity,
  rule.enabled,
];

@Injectable()
export class AlertsRepository {
  async insertRule(tx: EntityManager, rule: AlertRule): Promise<void> {
    await tx.query(INSERT_RULE, ruleParameters(rule));
  }

  /** Creates or updates a rule whose settings come from configuration. */
  async upsertRule(tx: EntityManager, rule: AlertRule): Promise<void> {
    await tx.query(
      `${INSERT_RULE}
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, band_width = excluded.band_width,
         history_windows = excluded.history_windows, cooldown_minutes = excluded.cooldown_minutes,
         severity = excluded.severity, enabled = excluded.enabled`,
      ruleParameters(rule),
    );
  }

  async rules(tx: EntityManager, enabledOnly: boolean): Promise<AlertRule[]> {
    const rows: RawRule[] = await tx.query(
      // Built-in rules of alerts raised by other services' events are never judged nor listed.
      `SELECT * FROM alert_rules WHERE kind <> 'external' ${enabledOnly ? 'AND enabled' : ''} ORDER BY created_at, id`,
    );
    return rows.map(toRule);
  }

  /** Locks the rule until the transaction ends: two replicas never judge it at once. */
  async lockRule(tx: EntityManager, ruleId: string): Promise<AlertRule | undefined> {
    const rows: RawRule[] = await tx.query(
      `SELECT * FROM alert_rules WHERE id = $1 AND enabled AND kind <> 'external' FOR UPDATE`,
      [ruleId],
    );
    return rows[0] === undefined ? undefined : toRule(rows[0]);
  }

  async disableRule(tx: EntityManager, ruleId: string): Promise<boolean> {
    const rows: { id: string }[] = await tx.query(
      `WITH changed AS (UPDATE alert_rules SET enabled = false WHERE id = $1 AND kind <> 'external' RETURNING id) SELECT id FROM changed`,
      [ruleId],
    );
    return rows.length === 1;
  }

  async judged(tx: EntityManager, ruleId: string, windowStart: Date): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM alerts WHERE rule_id = $1 AND window_start = $2`,
      [ruleId, windowStart.toISOString()],
    );
    return rows.length > 0;
  }

  async lastRaisedAt(tx: EntityManager, ruleId: string): Promise<Date | null> {
    const rows: { at: Date | null }[] = await tx.query(
      `SELECT max(raised_at) AS at FROM alerts WHERE rule_id = $1`,
      [ruleId],
    );
    return rows[0]?.at ? new Date(rows[0].at) : null;
  }

  async insertAlert(
    tx: EntityManager,
    alert: Omit<AlertRow, 'ruleName' | 'channel' | 'campaignId'>,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO alerts (id, rule_id, window_start, window_end, metric, value, threshold, lower_bound, upper_bound,
                           severity, message, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        alert.id,
        alert.ruleId,
        alert.windowStart.toISOString(),
        alert.windowEnd.toISOString(),
        alert.metric,
        alert.value,
        alert.threshold,
        alert.lowerBound,
        alert.upperBound,
        alert.severity,
        alert.message,
        alert.raisedAt.toISOString(),
      ],
    );
  }

  /**
   * Stores an alert raised by another service's event under its built-in rule, once per
   * source key; answers whether it was new.
   */
  async insertSourcedAlert(
    tx: EntityManager,
    alert: Omit<AlertRow, 'ruleName' | 'channel' | 'campaignId'>,
    sourceKey: string,
  ): Promise<boolean> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO alerts (id, rule_id, window_start, window_end, metric, value, threshold, severity, message,
                           raised_at, source_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (source_key) DO NOTHING
       RETURNING id`,
      [
        alert.id,
        alert.ruleId,
        alert.windowStart.toISOString(),
        alert.windowEnd.toISOString(),
        alert.metric,
        alert.value,
        alert.threshold,
        alert.severity,
        alert.message,
        alert.raisedAt.toISOString(),
        sourceKey,
      ],
    );
    return rows.length === 1;
  }

  async list(
    tx: EntityManager,
    status: 'open' | 'acknowledged' | 'all',
    limit: number,
  ): Promise<AlertRow[]> {
    const where =
      status === 'open'
        ? 'WHERE a.acknowledged_at IS NULL'
        : status === 'acknowledged'
          ? 'WHERE a.acknowledged_at IS NOT NULL'
          : '';
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts a JOIN alert_rules r ON r.id = a.rule_id ${where}
        ORDER BY a.raised_at DESC, a.id LIMIT $1`,
      [limit],
    );
    return rows.map(toAlert);
  }

  async find(tx: EntityManager, alertId: string): Promise<AlertRow | undefined> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE a.id = $1`,
      [alertId],
    );
    return rows[0] === undefined ? undefined : toAlert(rows[0]);
  }

  async acknowledge(tx: EntityManager, alertId: string, actor: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE alerts SET acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL`,
      [alertId, actor, at.toISOString()],
    );
  }

  /** Marks the unacknowledged alerts raised before `before` as escalated; answers them. */
  async escalateDue(tx: EntityManager, before: Date, at: Date): Promise<AlertRow[]> {
    const rows: { id: string }[] = await tx.query(
      `WITH due AS (
         UPDATE alerts SET escalated_at = $2
          WHERE id IN (SELECT id FROM alerts WHERE acknowledged_at IS NULL AND escalated_at IS NULL AND raised_at <= $1
                        ORDER BY id FOR UPDATE SKIP LOCKED)
          RETURNING id
       ) SELECT id FROM due`,
      [before.toISOString(), at.toISOString()],
    );
    const alerts: AlertRow[] = [];
    for (const { id } of rows) {
      const alert = await this.find(tx, id);
      if (alert !== undefined) alerts.push(alert);
    }
    return alerts;
  }
}
