/** The seeds' channel rules, as settings. */
export type ChannelRuleSettings = {
  /** Admit a new channel at ROI ≥ admitShare × the existing channels' average ROI (0.15). */
  admitShare: number;
  /** Expand it at ROI ≥ expandFactor × that average (1.3: 30% above). */
  expandFactor: number;
  /** Exit when ROI < exitShare × its target ROI (0.5) … */
  exitShare: number;
  /** … for this many consecutive periods (3). */
  exitPeriods: number;
};

export type ChannelPeriod = { revenue: number; grossMargin: number; spend: number };

export type Recommendation = 'expand' | 'admit' | 'hold' | 'exit' | 'insufficient-data';

export type ChannelDecision = {
  channel: string;
  recommendation: Recommendation;
  roi: number | null;
  averageRoi: number | null;
  targetRoi: number;
  /** Consecutive latest periods below exitShare × target. */
  periodsBelowTarget: number;
  reason: string;
};

/** (gross margin − spend) / spend; null without spend. */
export function roiOf(period: ChannelPeriod): number | null {
  return period.spend > 0 ? (period.grossMargin - period.spend) / period.spend : null;
}

/**
 * The decision on a channel under test, from its ROI history (oldest first, the current period
 * last), the average ROI of the existing channels in the current period, and its target ROI.
 * Exit wins over everything; then expand, then admit; below the admit line it is held.
 */
export function decide(
  channel: string,
  history: readonly (number | null)[],
  averageRoi: number | null,
  targetRoi: number,
  settings: ChannelRuleSettings,
): ChannelDecision {
  const roi = history.at(-1) ?? null;
  let periodsBelowTarget = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const value = history[i];
    if (value === null || value >= settings.exitShare * targetRoi) break;
    periodsBelowTarget += 1;
  }
  const base = { channel, roi, averageRoi, targetRoi, periodsBelowTarget };
  if (periodsBelowTarget >= settings.exitPeriods) {
    return {
      ...base,
      recommendation: 'exit',
      reason: `ROI below ${settings.exitShare * 100}% of its target ${targetRoi} for ${periodsBelowTarget} consecutive periods`,
    };
  }
  if (roi === null)
    return { ...base, recommendation: 'insufficient-data', reason: 'no spend in the period' };
  if (averageRoi === null || averageRoi <= 0) {
    return {
      ...base,
      recommendation: 'insufficient-data',
      reason: 'the existing channels have no positive average ROI to compare with',
    };
  }
  if (roi >= settings.expandFactor * averageRoi) {
    return {
      ...base,
      recommendation: 'expand',
      reason: `ROI ≥ ${settings.expandFactor} × the existing average`,
    };
  }
  if (roi >= settings.admitShare * averageRoi) {
    return {
      ...base,
      recommendation: 'admit',
      reason: `ROI ≥ ${settings.admitShare} × the existing average`,
    };
  }
  return {
    ...base,
    recommendation: 'hold',
    reason: `ROI below ${settings.admitShare} × the existing average`,
  };
}

export const HEALTH_METRICS = [
  'sales',
  'salesShare',
  'customers',
  'grossMargin',
  'csat',
  'partnerRelations',
] as const;
export type HealthMetric = (typeof HEALTH_METRICS)[number];
export type HealthWeights = Readonly<Partial<Record<HealthMetric, number>>>;

/** Weights are at most 40% each and add up to 1. */
export function weightProblem(weights: HealthWeights): string | undefined {
  const values = Object.values(weights);
  if (values.some((w) => !(w >= 0) || w > 0.4)) return 'every weight must be between 0 and 0.4';
  const sum = values.reduce((s, w) => s + w, 0);
  if (Math.abs(sum - 1) > 1e-9) return `weights must add up to 1, got ${sum}`;
  return undefined;
}

/** Each metric scored 0–100 (null when unknown for the channel). */
export type HealthScores = Readonly<Partial<Record<HealthMetric, number | null>>>;

/**
 * The health index 0–100: the weighted mean of the known scores, the weights of unknown ones
 * shared out over the known ones. Null when nothing is known.
 */
export function healthIndex(scores: HealthScores, weights: HealthWeights): number | null {
  let weighted = 0;
  let total = 0;
  for (const metric of HEALTH_METRICS) {
    const weight = weights[metric] ?? 0;
    const score = scores[metric];
    if (weight === 0 || score === null || score === undefined) continue;
    weighted += weight * score;
    total += weight;
  }
  return total === 0 ? null : weighted / total;
}

/** Scores a quantity against the best channel's: 100 for the best, proportionally less below. */
export const relativeScore = (value: number, best: number): number =>
  best <= 0 ? 0 : Math.max(0, Math.min(100, (value / best) * 100));

/** CSAT (the share of answers scoring 4–5) as 0–100. */
export const csatScore = (satisfiedShare: number): number => satisfiedShare * 100;
