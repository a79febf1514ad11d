import type { AlertRow } from '../alerts/alerts.repository';
import type { TableRow } from './report-table';

export const ALERT_COLUMNS = [
  'id',
  'raisedAt',
  'severity',
  'ruleName',
  'metric',
  'channel',
  'campaignId',
  'windowStart',
  'windowEnd',
  'value',
  'threshold',
  'lowerBound',
  'upperBound',
  'acknowledgedAt',
  'escalatedAt',
  'message',
] as const;

const text = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Raised alerts as they were published on reporting.alerts.v1: a breach is a signal about a
 * rule's window, not a cell about customers, so nothing is hidden here.
 */
export function alertRows(alerts: readonly AlertRow[]): TableRow[] {
  return alerts.map((alert) => ({
    cells: {
      id: alert.id,
      raisedAt: text(alert.raisedAt),
      severity: alert.severity,
      ruleName: alert.ruleName,
      metric: alert.metric,
      channel: alert.channel,
      campaignId: alert.campaignId,
      windowStart: text(alert.windowStart),
      windowEnd: text(alert.windowEnd),
      value: alert.value,
      threshold: alert.threshold,
      lowerBound: alert.lowerBound,
      upperBound: alert.upperBound,
      acknowledgedAt: text(alert.acknowledgedAt),
      escalatedAt: text(alert.escalatedAt),
      message: alert.message,
    },
    suppressed: [],
  }));
}
