import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HEADERS } from '@omni/contracts';
import { Outbox, type OutboxMessage } from '@omni/messaging';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { KpisService } from '../kpis/kpis.service';
import {
  historyWindows,
  judgeAnomaly,
  judgeThreshold,
  latestClosedWindow,
  type AlertRule,
} from './alert-rules';
import { AlertsRepository, type AlertRow } from './alerts.repository';

/** An alert as stored; its rule gives its name, channel and campaign. */
type SourcedAlert = Omit<AlertRow, 'ruleName' | 'channel' | 'campaignId'>;

/**
 * Judges every enabled rule on its latest closed window, raises at most one alert per rule and
 * window (and none within a rule's cool-down), publishes alert.raised through the outbox in the
 * same transaction, and escalates alerts left unacknowledged.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly kpis: KpisService,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async createRule(rule: Omit<AlertRule, 'id' | 'enabled'>): Promise<AlertRule> {
    const created: AlertRule = { ...rule, id: `rule_${randomUUID()}`, enabled: true };
    await this.alerts.insertRule(this.dataSource.manager, created);
    return created;
  }

  /** A rule whose settings come from configuration: created, updated or turned off at start. */
  async configureRule(rule: AlertRule): Promise<void> {
    await this.alerts.upsertRule(this.dataSource.manager, rule);
  }

  rules(): Promise<AlertRule[]> {
    return this.alerts.rules(this.dataSource.manager, false);
  }

  async disableRule(ruleId: string): Promise<void> {
    if (!(await this.alerts.disableRule(this.dataSource.manager, ruleId))) {
      throw new ApiError(404, 'rule_not_found', `no alert rule ${ruleId}`);
    }
  }

  list(status: 'open' | 'acknowledged' | 'all', limit: number): Promise<AlertRow[]> {
    return this.alerts.list(this.dataSource.manager, status, limit);
  }

  async acknowledge(alertId: string, actor: string, now: Date): Promise<AlertRow> {
    return this.dataSource.transaction(async (tx) => {
      const alert = await this.alerts.find(tx, alertId);
      if (alert === undefined) throw new ApiError(404, 'alert_not_found', `no alert ${alertId}`);
      await this.alerts.acknowledge(tx, alertId, actor, now);
      return (await this.alerts.find(tx, alertId))!;
    });
  }

  /** Judges every enabled rule; answers the alerts raised. */
  async evaluate(now: Date): Promise<AlertRow[]> {
    const raised: AlertRow[] = [];
    for (const { id } of await this.alerts.rules(this.dataSource.manager, true)) {
      const alert = await this.dataSource.transaction(async (tx) => {
        const rule = await this.alerts.lockRule(tx, id);
        if (rule === undefined) return undefined;
        const window = latestClosedWindow(now, rule.interval, this.config.alerts.graceMs);
        if (await this.alerts.judged(tx, rule.id, window.start)) return undefined;
        const filters = { channel: rule.channel, campaignId: rule.campaignId };
        const value = await this.kpis.value(rule.metric, rule.interval, window, filters);
        const verdict =
          rule.kind === 'threshold'
            ? judgeThreshold(rule, value)
            : judgeAnomaly(
                rule,
                value,
                await Promise.all(
                  historyWindows(window, rule.interval, rule.historyWindows ?? 7).map((w) =>
                    this.kpis.value(rule.metric, rule.interval, w, filters),
                  ),
                ),
              );
        if (!verdict.breached || value === null) return undefined;
        const last = await this.alerts.lastRaisedAt(tx, rule.id);
        if (last !== null && now.getTime() - last.getTime() < rule.cooldownMinutes * 60_000)
          return undefined;
        const alert: AlertRow = {
          id: `alert_${randomUUID()}`,
          ruleId: rule.id,
          ruleName: rule.name,
          windowStart: window.start,
          windowEnd: window.end,
          metric: rule.metric,
          value,
          threshold: verdict.threshold,
          lowerBound: verdict.lower,
          upperBound: verdict.upper,
          severity: rule.severity,
          message: `${rule.name}: ${verdict.message}`.slice(0, 1_000),
          raisedAt: now,
          acknowledgedAt: null,
          acknowledgedBy: null,
          escalatedAt: null,
          channel: rule.channel,
          campaignId: rule.campaignId,
        };
        await this.alerts.insertAlert(tx, alert);
        await this.outbox.enqueue(
          tx,
          this.message(alert, alert.id, alert.severity, alert.message, now),
        );
        return alert;
      });
      if (alert !== undefined) raised.push(alert);
    }
    return raised;
  }

  /**
   * Raises an alert from another service's event (e.g. pricing's consistency breach) in the
   * inbox transaction of that event: stored and published once per source key.
   */
  async raiseSourced(
    tx: EntityManager,
    alert: Omit<SourcedAlert, 'id' | 'acknowledgedAt' | 'acknowledgedBy' | 'escalatedAt'>,
    sourceKey: string,
  ): Promise<AlertRow | undefined> {
    const row: SourcedAlert = {
      ...alert,
      id: `alert_${randomUUID()}`,
      acknowledgedAt: null,
      acknowledgedBy: null,
      escalatedAt: null,
    };
    if (!(await this.alerts.insertSourcedAlert(tx, row, sourceKey))) return undefined;
    // Read back for the rule's name, which the published alert carries.
    const stored = await this.alerts.find(tx, row.id);
    if (stored === undefined) return undefined;
    await this.outbox.enqueue(
      tx,
      this.message(stored, stored.id, stored.severity, stored.message, alert.raisedAt),
    );
    return stored;
  }

  /** Publishes alerts still unacknowledged after the escalation delay again, as critical. */
  async escalate(now: Date): Promise<AlertRow[]> {
    const before = new Date(now.getTime() - this.config.alerts.escalateAfterMinutes * 60_000);
    return this.dataSource.transaction(async (tx) => {
      const due = await this.alerts.escalateDue(tx, before, now);
      await this.outbox.enqueueMany(
        tx,
        due.map((alert) =>
          this.message(
            alert,
            `${alert.id}-escalated`,
            'critical',
            `Escalated, unacknowledged since ${alert.raisedAt.toISOString()}: ${alert.message}`.slice(
              0,
              1_000,
            ),
            now,
          ),
        ),
      );
      return due;
    });
  }

  private message(
    alert: AlertRow,
    eventId: string,
    severity: AlertRow['severity'],
    message: string,
    now: Date,
  ): OutboxMessage {
    return {
      topic: this.config.topics.alerts,
      key: alert.ruleId,
      headers: { [HEADERS.eventType]: 'alert.raised', [HEADERS.eventVersion]: '1' },
      value: {
        eventId,
        type: 'alert.raised',
        version: 1,
        occurredAt: now.toISOString(),
        identifiers: {},
        correlationId: alert.id,
        causationId: alert.id,
        payload: {
          alertId: alert.id,
          rule: alert.ruleName.slice(0, 200),
          severity,
          metric: alert.metric,
          value: alert.value,
          ...(alert.threshold === null ? {} : { threshold: alert.threshold }),
          ...(alert.channel === null ? {} : { channel: alert.channel }),
          ...(alert.campaignId === null ? {} : { campaignId: alert.campaignId }),
          windowStart: alert.windowStart.toISOString(),
          windowEnd: alert.windowEnd.toISOString(),
          message,
        },
      },
    };
  }
}
