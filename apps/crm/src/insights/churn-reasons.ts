import type { ChurnReason, CustomerFacts } from './customer-facts';

export type ChurnReasonSettings = {
  /** Rules tried in this order; the first that applies names the reason, else needs-changed. */
  order: ('price-sensitive' | 'dissatisfied')[];
  /** Share of orders with a promotion at or above which a customer is price-sensitive. */
  promotionShare: number;
  /** Refunds, complaints and low ratings, together, at or above which a customer is dissatisfied. */
  dissatisfactionSignals: number;
};

export const DEFAULT_CHURN_REASONS: ChurnReasonSettings = {
  order: ['dissatisfied', 'price-sensitive'],
  promotionShare: 0.5,
  dissatisfactionSignals: 1,
};

export type ChurnReasonRule = {
  reason: Exclude<ChurnReason, 'needs-changed'>;
  check(facts: CustomerFacts, settings: ChurnReasonSettings): { ok: boolean; explanation: string };
};

const priceSensitive: ChurnReasonRule = {
  reason: 'price-sensitive',
  check(facts, settings) {
    const promoted = facts.orders.filter((order) => order.promotion).length;
    const share = facts.orders.length === 0 ? 0 : promoted / facts.orders.length;
    return {
      ok: facts.orders.length > 0 && share >= settings.promotionShare,
      explanation: `${promoted} of ${facts.orders.length} orders used a promotion`,
    };
  },
};

const dissatisfied: ChurnReasonRule = {
  reason: 'dissatisfied',
  check(facts, settings) {
    const refunds = facts.orders.filter((order) => order.refundedMinor > 0).length;
    const signals = refunds + facts.complaints + facts.lowRatings;
    return {
      ok: signals >= settings.dissatisfactionSignals,
      explanation: `${refunds} refunded orders, ${facts.complaints} complaints, ${facts.lowRatings} low ratings`,
    };
  },
};

export const DEFAULT_CHURN_REASON_RULES: ReadonlyMap<ChurnReasonRule['reason'], ChurnReasonRule> =
  new Map([priceSensitive, dissatisfied].map((rule) => [rule.reason, rule]));

/** The inferred reason a customer slipped away, with the evidence. */
export function churnReason(
  facts: CustomerFacts,
  settings: ChurnReasonSettings,
): { reason: ChurnReason; explanation: string } {
  for (const name of settings.order) {
    const result = DEFAULT_CHURN_REASON_RULES.get(name)?.check(facts, settings);
    if (result?.ok) return { reason: name, explanation: result.explanation };
  }
  return { reason: 'needs-changed', explanation: 'no promotion or dissatisfaction pattern' };
}
