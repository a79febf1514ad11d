import { daysBetween, netSpend, type CustomerFacts } from './customer-facts';

/**
 * Predicted customer lifetime value, a deliberately small model (see the README's CLV):
 * - purchase rate: Gamma–Poisson. Each customer's repeat orders per day are Poisson with a rate
 *   drawn from a Gamma(r, alpha) fitted to the population by the method of moments; a
 *   customer's rate is the posterior mean (r + x) / (alpha + T), x repeat orders in the T days
 *   since the first order, which shrinks thin histories to the mean;
 * - still a customer: 1 until the customer is idle for longer than their expected gap between
 *   orders (1 / rate), then decaying as exp(-(idle - gap) / gap);
 * - spend per order: the customer's mean order value shrunk towards the population's with
 *   `spendShrinkage` pseudo-orders (the Gamma–Gamma idea without its fit).
 * - someone who never ordered: a first-order rate from a second Gamma prior, fitted the same way
 *   on first orders over the days from first seen to the first order (or now), cooling off as
 *   exp(-days since last activity / prospectCoolingDays).
 * Predicted value = horizon days × rate × P(still a customer) × spend per order.
 */
export type ClvModel = {
  r: number;
  alpha: number;
  /** The same Gamma prior for a first order, of people who have not ordered yet. */
  firstR: number;
  firstAlpha: number;
  meanOrderValueMinor: number;
  spendShrinkage: number;
  prospectCoolingDays: number;
};

export type ClvEstimate = { historicalMinor: number; predictedMinor: number };

/**
 * Repeat purchases and the time they could happen in, as BG/NBD counts them: from the first
 * order on (a first order comes from acquisition, not from the habit being modelled). Someone
 * who never ordered has no repeats, over the time since first seen.
 */
function repeatHistory(facts: CustomerFacts, asOf: Date): { repeats: number; days: number } {
  const first = facts.orders[0]?.paidAt ?? facts.firstSeenAt;
  return {
    repeats: Math.max(0, facts.orders.length - 1),
    days: Math.max(1, daysBetween(first, asOf)),
  };
}

const decay = (idle: number, gap: number) => (idle <= gap ? 1 : Math.exp(-(idle - gap) / gap));

/** Gamma(r, alpha) by the method of moments; no spread (or no events) gives a weak prior. */
function gammaPrior(rates: readonly number[]): { r: number; alpha: number } {
  const n = Math.max(1, rates.length);
  const mean = Math.max(rates.reduce((a, b) => a + b, 0) / n, 1e-6);
  const variance = rates.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const safeVariance = variance > 0 ? variance : mean;
  return { r: mean ** 2 / safeVariance, alpha: mean / safeVariance };
}

export function fitClvModel(
  customers: readonly CustomerFacts[],
  asOf: Date,
  spendShrinkage = 2,
  prospectCoolingDays = 30,
): ClvModel {
  const repeat = gammaPrior(
    customers.map((facts) => {
      const { repeats, days } = repeatHistory(facts, asOf);
      return repeats / days;
    }),
  );
  const first = gammaPrior(
    customers.map((facts) => {
      const until = facts.orders[0]?.paidAt ?? asOf;
      return (facts.orders.length > 0 ? 1 : 0) / Math.max(1, daysBetween(facts.firstSeenAt, until));
    }),
  );
  const orders = customers.reduce((a, facts) => a + facts.orders.length, 0);
  const spend = customers.reduce((a, facts) => a + netSpend(facts), 0);
  return {
    r: repeat.r,
    alpha: repeat.alpha,
    firstR: first.r,
    firstAlpha: first.alpha,
    meanOrderValueMinor: orders === 0 ? 0 : spend / orders,
    spendShrinkage,
    prospectCoolingDays,
  };
}

export function predictClv(
  facts: CustomerFacts,
  asOf: Date,
  model: ClvModel,
  horizonDays = 365,
): ClvEstimate {
  const x = facts.orders.length;
  const historical = netSpend(facts);
  const { repeats, days } = repeatHistory(facts, asOf);
  const rate =
    x === 0 ? model.firstR / (model.firstAlpha + days) : (model.r + repeats) / (model.alpha + days);
  const gap = 1 / rate;
  // A buyer is measured against their own rhythm; someone who never bought by how long they
  // have been away (a prospect cools off within weeks).
  const stillCustomer =
    x === 0
      ? Math.exp(-daysBetween(facts.lastActivityAt, asOf) / model.prospectCoolingDays)
      : decay(daysBetween(facts.orders[x - 1].paidAt, asOf), gap);
  const ownMean = x === 0 ? model.meanOrderValueMinor : historical / x;
  const spendPerOrder = Math.max(
    0,
    (model.spendShrinkage * model.meanOrderValueMinor + x * ownMean) / (model.spendShrinkage + x),
  );
  return {
    historicalMinor: historical,
    predictedMinor: Math.round(horizonDays * rate * stillCustomer * spendPerOrder),
  };
}
