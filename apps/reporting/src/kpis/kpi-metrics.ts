/** Figures summed from the bucket counters, the customer sets and spend, before ratios are taken. */
export type KpiBase = {
  events: number;
  pageViews: number;
  productViews: number;
  searches: number;
  cartAdds: number;
  checkouts: number;
  orders: number;
  gmv: number;
  discounts: number;
  otherCurrencyOrders: number;
  refunds: number;
  refunded: number;
  cancellations: number;
  cancelled: number;
  touches: number;
  clicks: number;
  negativeReviews: number;
  csatAnswers: number;
  csatSatisfied: number;
  csatScoreSum: number;
  serviceContacts: number;
  visitors: number;
  buyers: number;
  newBuyers: number;
  respondents: number;
  contacts: number;
  /** Null where spend is not defined (hourly buckets: spend is reported per day). */
  spend: number | null;
  /** Cost of goods as a share of revenue for the row (its channel's, or the default). */
  costRate: number;
};

export const KPI_METRICS = [
  'visitors',
  'events',
  'pageViews',
  'productViews',
  'searches',
  'cartAdds',
  'checkouts',
  'orders',
  'buyers',
  'newBuyers',
  'returningBuyers',
  'repurchaseRate',
  'gmvGross',
  'gmvNet',
  'aov',
  'conversionRate',
  'refunds',
  'refundedAmount',
  'cancellations',
  'cancelledAmount',
  'discounts',
  'otherCurrencyOrders',
  'touches',
  'clicks',
  'ctr',
  'spend',
  'cac',
  'roas',
  'roi',
  'negativeReviews',
  'csat',
  'csatAnswers',
  'csatMeanScore',
  'csatRespondents',
  'serviceContacts',
  'serviceContactCustomers',
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/** Money divided into integer minor units, rounded half away from zero. */
const perUnit = (amount: number, count: number): number | null =>
  count === 0 ? null : Math.sign(amount) * Math.round(Math.abs(amount) / count);

const DERIVE: Record<KpiMetric, (b: KpiBase) => number | null> = {
  visitors: (b) => b.visitors,
  events: (b) => b.events,
  pageViews: (b) => b.pageViews,
  productViews: (b) => b.productViews,
  searches: (b) => b.searches,
  cartAdds: (b) => b.cartAdds,
  checkouts: (b) => b.checkouts,
  orders: (b) => b.orders,
  buyers: (b) => b.buyers,
  newBuyers: (b) => b.newBuyers,
  returningBuyers: (b) => b.buyers - b.newBuyers,
  repurchaseRate: (b) => ratio(b.buyers - b.newBuyers, b.buyers),
  gmvGross: (b) => b.gmv,
  gmvNet: (b) => b.gmv - b.refunded - b.cancelled,
  aov: (b) => perUnit(b.gmv, b.orders - b.otherCurrencyOrders),
  conversionRate: (b) => ratio(b.buyers, b.visitors),
  refunds: (b) => b.refunds,
  refundedAmount: (b) => b.refunded,
  cancellations: (b) => b.cancellations,
  cancelledAmount: (b) => b.cancelled,
  discounts: (b) => b.discounts,
  otherCurrencyOrders: (b) => b.otherCurrencyOrders,
  touches: (b) => b.touches,
  clicks: (b) => b.clicks,
  ctr: (b) => ratio(b.clicks, b.touches),
  negativeReviews: (b) => b.negativeReviews,
  spend: (b) => b.spend,
  cac: (b) => (b.spend === null ? null : perUnit(b.spend, b.newBuyers)),
  // Revenue credited by the order's own channel and campaign (its UTM: last click); the
  // multi-touch view is POST /v1/attribution/query.
  roas: (b) => (b.spend === null ? null : ratio(b.gmv - b.refunded - b.cancelled, b.spend)),
  roi: (b) =>
    b.spend === null
      ? null
      : ratio((b.gmv - b.refunded - b.cancelled) * (1 - b.costRate) - b.spend, b.spend),
  // CSAT: the share of answers scoring 4–5; each service contact rated once (csat-ratings.ts).
  csat: (b) => ratio(b.csatSatisfied, b.csatAnswers),
  csatAnswers: (b) => b.csatAnswers,
  csatMeanScore: (b) => ratio(b.csatScoreSum, b.csatAnswers),
  csatRespondents: (b) => b.respondents,
  serviceContacts: (b) => b.serviceContacts,
  serviceContactCustomers: (b) => b.contacts,
};

/**
 * The metrics read from the customer sets (distinct visitors, buyers, respondents, contacts, and
 * first orders): the costliest statement of an answer, run only when one of these is asked for.
 */
export const CUSTOMER_SET_METRICS: ReadonlySet<KpiMetric> = new Set<KpiMetric>([
  'visitors',
  'buyers',
  'newBuyers',
  'returningBuyers',
  'repurchaseRate',
  'conversionRate',
  'cac',
  'csatRespondents',
  'serviceContactCustomers',
]);

/** The requested metrics of one row; a ratio over nothing is null, not zero. */
export function deriveMetrics(
  base: KpiBase,
  metrics: readonly KpiMetric[],
): Record<string, number | null> {
  return Object.fromEntries(metrics.map((metric) => [metric, DERIVE[metric](base)]));
}

export const emptyBase = (spend: number | null, costRate: number): KpiBase => ({
  events: 0,
  pageViews: 0,
  productViews: 0,
  searches: 0,
  cartAdds: 0,
  checkouts: 0,
  orders: 0,
  gmv: 0,
  discounts: 0,
  otherCurrencyOrders: 0,
  refunds: 0,
  refunded: 0,
  cancellations: 0,
  cancelled: 0,
  touches: 0,
  clicks: 0,
  negativeReviews: 0,
  csatAnswers: 0,
  csatSatisfied: 0,
  csatScoreSum: 0,
  serviceContacts: 0,
  visitors: 0,
  buyers: 0,
  newBuyers: 0,
  respondents: 0,
  contacts: 0,
  spend,
  costRate,
});
