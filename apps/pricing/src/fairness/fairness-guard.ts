import type { PriceCandidate } from '../selection/price-candidate';
import {
  selectPrice,
  withAmount,
  type PriceSelector,
  type SelectedPrice,
  type Selection,
  type SelectionQuery,
} from '../selection/select-price';

/** Which groups may never pay more than which (see PRICING_MEMBER_GROUPS and PRICING_BASELINE_GROUPS). */
export type FairnessPolicy = {
  memberGroups: readonly string[];
  baselineGroups: readonly string[];
};

/** An audited policy: prices of `baselineGroup` (e.g. a new-customer welcome price) are not the baseline. */
export type FairnessExemption = {
  id: string;
  baselineGroup: string;
  /** Null: every SKU. */
  sku: string | null;
  validFrom: Date | null;
  validTo: Date | null;
};

export type FairnessCheck = {
  memberPrice: number;
  baselinePrice: number;
  /** Null: an anonymous shopper's price. */
  baselineGroup: string | null;
  /** The member price was above the baseline, so the member gets the baseline. */
  corrected: boolean;
};

export type GuardedSelection = Selection & { fairness?: FairnessCheck };

/**
 * What selects among one SKU's prices in one currency, as a method (the catalog's
 * CompactSelector); `selectedAmount`, when it has one, answers the selected amount alone
 * without making the selection (the guard's baselines need nothing else).
 */
export type Selects = {
  select: PriceSelector;
  selectedAmount?: (query: SelectionQuery) => number | undefined;
};

/** One SKU's prices: the candidates, or an object that selects among them. */
export type SkuPrices = readonly PriceCandidate[] | Selects;

const exempts = (exemption: FairnessExemption, group: string, sku: string, at: Date) =>
  exemption.baselineGroup === group &&
  (exemption.sku === null || exemption.sku === sku) &&
  (exemption.validFrom === null || exemption.validFrom <= at) &&
  (exemption.validTo === null || at < exemption.validTo);

const EXPLAINED = { explain: true };
const UNEXPLAINED = { explain: false };
const NO_GROUPS: readonly string[] = [];

const isExempt = (
  exemptions: readonly FairnessExemption[],
  group: string,
  sku: string,
  at: Date,
): boolean => {
  for (const exemption of exemptions) if (exempts(exemption, group, sku, at)) return true;
  return false;
};

/** The newcomers' queries a member's query is compared with: anonymous, then each baseline group. */
const baselineQueries = (query: SelectionQuery, policy: FairnessPolicy) => [
  { ...query, customerGroups: NO_GROUPS },
  ...policy.baselineGroups.map((group) => ({ ...query, customerGroups: [group] })),
];

/** The lowest price a newcomer gets: anonymous, or any baseline group that is not exempt. */
export function baselinePrice(
  candidates: SkuPrices,
  query: SelectionQuery,
  policy: FairnessPolicy,
  exemptions: readonly FairnessExemption[],
  sku: string,
): { amount: number; group: string | null; price: SelectedPrice } | undefined {
  const selector = selectorOf(candidates);
  const lowest = lowestOf(selector, baselineQueries(query, policy), exemptions, sku);
  if (lowest === undefined) return undefined;
  const { selected } = selector.select(lowest.query, UNEXPLAINED);
  return { amount: lowest.amount, group: groupOf(lowest.query), price: selected! };
}

const groupOf = (query: SelectionQuery) =>
  query.customerGroups.length === 0 ? null : query.customerGroups[0];

const amountOf = (selector: Selects, query: SelectionQuery) =>
  selector.selectedAmount !== undefined
    ? selector.selectedAmount(query)
    : selector.select(query, UNEXPLAINED).selected?.amount;

/** The lowest amount the queries select and the first query that selects it, or undefined. */
function lowestOf(
  selector: Selects,
  queries: readonly SelectionQuery[],
  exemptions: readonly FairnessExemption[],
  sku: string,
): { amount: number; query: SelectionQuery } | undefined {
  let lowest: number | undefined;
  let lowestQuery: SelectionQuery | undefined;
  for (const query of queries) {
    const group = groupOf(query);
    if (group !== null && isExempt(exemptions, group, sku, query.at)) continue;
    const amount = amountOf(selector, query);
    if (amount !== undefined && (lowest === undefined || amount < lowest)) {
      lowest = amount;
      lowestQuery = query;
    }
  }
  return lowest === undefined ? undefined : { amount: lowest, query: lowestQuery! };
}

const selectorOf = (candidates: SkuPrices): Selects =>
  'select' in candidates
    ? candidates
    : { select: (query, options) => selectPrice(candidates, query, options) };

export const isMemberQuery = (query: SelectionQuery, policy: FairnessPolicy) =>
  query.customerGroups.some((group) => policy.memberGroups.includes(group));

/**
 * Selection with the guard against 大數據殺熟 for one buyer's query, over any number of SKUs:
 * when the buyer is in a member group and the selected price is above what a newcomer would
 * get at the same moment, the member gets the newcomer's price and the check says so (the
 * caller records it). The newcomers' queries are built once, not once per SKU.
 */
export function fairnessGuard(
  query: SelectionQuery,
  policy: FairnessPolicy,
  exemptions: readonly FairnessExemption[],
): (candidates: SkuPrices, sku: string, options?: { explain: boolean }) => GuardedSelection {
  const baselines = isMemberQuery(query, policy) ? baselineQueries(query, policy) : undefined;
  return (candidates, sku, options = EXPLAINED) => {
    const selector = selectorOf(candidates);
    const selection = selector.select(query, options);
    if (selection.selected === undefined || baselines === undefined) return selection;
    const baseline = lowestOf(selector, baselines, exemptions, sku);
    if (baseline === undefined) return selection;
    const memberPrice = selection.selected.amount;
    const corrected = memberPrice > baseline.amount;
    return {
      ...selection,
      selected: corrected ? withAmount(selection.selected, baseline.amount) : selection.selected,
      fairness: {
        memberPrice,
        baselinePrice: baseline.amount,
        baselineGroup: groupOf(baseline.query),
        corrected,
      },
    };
  };
}

/** fairnessGuard for one SKU. */
export function guardedSelect(
  candidates: SkuPrices,
  query: SelectionQuery,
  policy: FairnessPolicy,
  exemptions: readonly FairnessExemption[],
  sku: string,
  options: { explain: boolean } = EXPLAINED,
): GuardedSelection {
  return fairnessGuard(query, policy, exemptions)(candidates, sku, options);
}
