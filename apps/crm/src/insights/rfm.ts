import { daysBetween, netSpend, type CustomerFacts, type ValueTier } from './customer-facts';

export type RfmValues = { recencyDays: number; frequency: number; monetary: number };
export type RfmScores = { r: number; f: number; m: number };
/** Four cut points per measure, splitting the customers with orders into quintiles. */
export type RfmBoundaries = { recencyDays: number[]; frequency: number[]; monetary: number[] };

export function rfmValues(facts: CustomerFacts, asOf: Date): RfmValues | undefined {
  const last = facts.orders.at(-1);
  if (last === undefined) return undefined;
  return {
    recencyDays: daysBetween(last.paidAt, asOf),
    frequency: facts.orders.length,
    monetary: netSpend(facts),
  };
}

/** The 20th, 40th, 60th and 80th percentile of each measure. */
export function rfmBoundaries(values: readonly RfmValues[]): RfmBoundaries | undefined {
  if (values.length === 0) return undefined;
  const cuts = (numbers: number[]) => {
    const sorted = [...numbers].sort((a, b) => a - b);
    // The largest value of the lowest 20%, 40%, … of customers.
    return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]);
  };
  return {
    recencyDays: cuts(values.map((v) => v.recencyDays)),
    frequency: cuts(values.map((v) => v.frequency)),
    monetary: cuts(values.map((v) => v.monetary)),
  };
}

/** 1 (worst) to 5 (best): a recent, frequent, big spender scores 5-5-5. */
export function rfmScores(values: RfmValues, boundaries: RfmBoundaries): RfmScores {
  const above = (value: number, cuts: number[]) => 1 + cuts.filter((cut) => value > cut).length;
  const within = (value: number, cuts: number[]) => 5 - cuts.filter((cut) => value > cut).length;
  return {
    r: within(values.recencyDays, boundaries.recencyDays),
    f: above(values.frequency, boundaries.frequency),
    m: above(values.monetary, boundaries.monetary),
  };
}

/** High: the top monetary quintile; mid: the next two; low: the rest and customers without orders. */
export function valueTier(scores: RfmScores | undefined): ValueTier {
  if (scores === undefined) return 'low';
  if (scores.m >= 5) return 'high';
  if (scores.m >= 3) return 'mid';
  return 'low';
}
