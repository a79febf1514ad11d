import {
  historyWindows,
  judgeAnomaly,
  judgeThreshold,
  latestClosedWindow,
  type AlertRule,
} from './alert-rules';

const rule = (overrides: Partial<AlertRule>): AlertRule => ({
  id: 'r1',
  name: 'r',
  kind: 'threshold',
  metric: 'orders',
  interval: 'hour',
  channel: null,
  campaignId: null,
  comparator: 'above',
  threshold: 10,
  bandWidth: null,
  historyWindows: null,
  cooldownMinutes: 60,
  severity: 'warning',
  enabled: true,
  ...overrides,
});

describe('threshold rules', () => {
  it('breach strictly above (or below) the threshold', () => {
    expect(judgeThreshold(rule({}), 11).breached).toBe(true);
    expect(judgeThreshold(rule({}), 10).breached).toBe(false);
    expect(judgeThreshold(rule({ comparator: 'below' }), 9).breached).toBe(true);
    expect(judgeThreshold(rule({ comparator: 'below' }), 10).breached).toBe(false);
    expect(judgeThreshold(rule({}), null).breached).toBe(false);
  });
});

describe('anomaly rules', () => {
  const anomaly = rule({ kind: 'anomaly', bandWidth: 2, comparator: null, threshold: null });

  it('breach outside mean ± k·sd of the history', () => {
    // History 10, 12, 14: mean 12, sd 2, band 8..16 with k = 2.
    const history = [10, 12, 14];
    expect(judgeAnomaly(anomaly, 16, history).breached).toBe(false);
    expect(judgeAnomaly(anomaly, 16.5, history)).toMatchObject({
      breached: true,
      lower: 8,
      upper: 16,
    });
    expect(judgeAnomaly(anomaly, 7.9, history).breached).toBe(true);
  });

  it('needs three earlier values; a flat history makes any change anomalous', () => {
    expect(judgeAnomaly(anomaly, 100, [1, null, 2]).breached).toBe(false);
    expect(judgeAnomaly(anomaly, 5, [4, 4, 4]).breached).toBe(true);
    expect(judgeAnomaly(anomaly, 4, [4, 4, 4]).breached).toBe(false);
  });
});

describe('windows', () => {
  it('the latest closed hour ends before now minus the grace', () => {
    const now = new Date('2026-09-01T11:03:00Z');
    expect(latestClosedWindow(now, 'hour', 0)).toEqual({
      start: new Date('2026-09-01T10:00:00Z'),
      end: new Date('2026-09-01T11:00:00Z'),
    });
    expect(latestClosedWindow(now, 'hour', 5 * 60_000).end).toEqual(
      new Date('2026-09-01T10:00:00Z'),
    );
  });

  it('history is the same hour on earlier days, the same weekday in earlier weeks', () => {
    const hour = { start: new Date('2026-09-08T10:00:00Z'), end: new Date('2026-09-08T11:00:00Z') };
    expect(historyWindows(hour, 'hour', 2).map((w) => w.start.toISOString())).toEqual([
      '2026-09-07T10:00:00.000Z',
      '2026-09-06T10:00:00.000Z',
    ]);
    const day = { start: new Date('2026-09-08T00:00:00Z'), end: new Date('2026-09-09T00:00:00Z') };
    expect(historyWindows(day, 'day', 1)[0].start.toISOString()).toBe('2026-09-01T00:00:00.000Z');
  });
});
