import type { KpiMetric } from '../kpis/kpi-metrics';

export type AlertRule = {
  id: string;
  name: string;
  kind: 'threshold' | 'anomaly';
  metric: KpiMetric;
  interval: 'hour' | 'day';
  channel: string | null;
  campaignId: string | null;
  comparator: 'above' | 'below' | null;
  threshold: number | null;
  /** Anomaly: the band is the history's mean ± bandWidth standard deviations. */
  bandWidth: number | null;
  historyWindows: number | null;
  cooldownMinutes: number;
  severity: 'info' | 'warning' | 'critical';
  enabled: boolean;
};

export type Verdict =
  | { breached: false; reason: string }
  | {
      breached: true;
      threshold: number | null;
      lower: number | null;
      upper: number | null;
      message: string;
    };

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(4));

/** A threshold rule: the value is above (or below) the threshold. */
export function judgeThreshold(rule: AlertRule, value: number | null): Verdict {
  if (value === null) return { breached: false, reason: 'no value in the window' };
  const threshold = rule.threshold!;
  const breached = rule.comparator === 'below' ? value < threshold : value > threshold;
  return breached
    ? {
        breached: true,
        threshold,
        lower: null,
        upper: null,
        message: `${rule.metric} ${fmt(value)} is ${rule.comparator} ${fmt(threshold)}`,
      }
    : { breached: false, reason: 'within the threshold' };
}

/**
 * An anomaly rule: the value lies outside mean ± k·sd of the same window in earlier periods
 * (the same hour on earlier days, or the same weekday in earlier weeks). Fewer than three
 * earlier values decide nothing.
 */
export function judgeAnomaly(
  rule: AlertRule,
  value: number | null,
  history: readonly (number | null)[],
): Verdict {
  const points = history.filter((v): v is number => v !== null);
  if (value === null) return { breached: false, reason: 'no value in the window' };
  if (points.length < 3) return { breached: false, reason: 'fewer than 3 earlier windows' };
  const mean = points.reduce((s, v) => s + v, 0) / points.length;
  const sd = Math.sqrt(points.reduce((s, v) => s + (v - mean) ** 2, 0) / (points.length - 1));
  const k = rule.bandWidth!;
  const lower = mean - k * sd;
  const upper = mean + k * sd;
  const breached = sd === 0 ? value !== mean : value < lower || value > upper;
  return breached
    ? {
        breached: true,
        threshold: null,
        lower,
        upper,
        message: `${rule.metric} ${fmt(value)} is outside its usual band ${fmt(lower)}..${fmt(upper)} (mean ${fmt(mean)} of ${points.length} earlier windows)`,
      }
    : { breached: false, reason: 'within the band' };
}

const HOUR_MS = 3_600_000;

/** The latest window of `interval` that ended at least `graceMs` before `now`. */
export function latestClosedWindow(now: Date, interval: 'hour' | 'day', graceMs: number) {
  const size = interval === 'hour' ? HOUR_MS : 24 * HOUR_MS;
  const end = Math.floor((now.getTime() - graceMs) / size) * size;
  return { start: new Date(end - size), end: new Date(end) };
}

/** The same window in earlier periods: a day earlier per step for hours, a week for days. */
export function historyWindows(
  window: { start: Date; end: Date },
  interval: 'hour' | 'day',
  count: number,
) {
  const step = interval === 'hour' ? 24 * HOUR_MS : 7 * 24 * HOUR_MS;
  return Array.from({ length: count }, (_, i) => ({
    start: new Date(window.start.getTime() - (i + 1) * step),
    end: new Date(window.end.getTime() - (i + 1) * step),
  }));
}
