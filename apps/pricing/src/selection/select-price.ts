import { effectiveWindow, isDated, unitAmount, type PriceCandidate } from './price-candidate';

/** Who is buying, where and when. */
export type SelectionQuery = {
  channel: string;
  customerGroups: readonly string[];
  country?: string;
  at: Date;
  quantity: number;
};

/** From most to least specific; a country-scoped price refines each level. */
export type ScopeLevel = 'customer-group+channel' | 'customer-group' | 'channel' | 'unscoped';

export type SelectedPrice = Pick<
  PriceCandidate,
  'priceListId' | 'country' | 'customerGroup' | 'channel'
> & {
  priceId: string;
  /** Per unit, after quantity tiers. */
  amount: number;
  level: ScopeLevel;
  dated: boolean;
};

/** A candidate that lost, as the explained answer lists it. */
export type RejectedCandidate = Readonly<{
  priceId: string;
  priceListId: string;
  /** Per unit at the requested quantity, in minor units. */
  amount: number;
  reason: string;
}>;

export type Selection = {
  selected: SelectedPrice | undefined;
  rejected: readonly RejectedCandidate[];
};

/** Chooses among one SKU's prices in one currency: selectPrice over them, or the catalog's compact form. */
export type PriceSelector = (query: SelectionQuery, options: { explain: boolean }) => Selection;

const LEVEL_RANK: Record<ScopeLevel, number> = {
  'customer-group+channel': 3,
  'customer-group': 2,
  channel: 1,
  unscoped: 0,
};

export const levelOf = (price: Pick<PriceCandidate, 'channel' | 'customerGroup'>): ScopeLevel =>
  price.customerGroup !== null
    ? price.channel !== null
      ? 'customer-group+channel'
      : 'customer-group'
    : price.channel !== null
      ? 'channel'
      : 'unscoped';

/** Higher is more specific: level, then country, then a dated price over an undated one. */
export const rankOf = (price: PriceCandidate) =>
  LEVEL_RANK[levelOf(price)] * 4 + (price.country !== null ? 2 : 0) + (isDated(price) ? 1 : 0);

const LEVELS_BY_RANK: readonly ScopeLevel[] = [
  'unscoped',
  'channel',
  'customer-group',
  'customer-group+channel',
];
const RANK_TEXTS = Array.from(
  { length: 16 },
  (_, rank) =>
    `${LEVELS_BY_RANK[rank >> 2]}${(rank & 2) !== 0 ? ' in its country' : ''}, ${(rank & 1) !== 0 ? 'dated' : 'undated'}`,
);
// Every pair of ranks, formatted once: explained selects give this reason to most losers.
const LESS_SPECIFIC = Array.from(
  { length: 256 },
  (_, pair) =>
    `less specific (${RANK_TEXTS[pair >> 4]}) than the selected price (${RANK_TEXTS[pair & 15]})`,
);

/** The level of a rank (see rankOf). */
export const levelOfRank = (rank: number): ScopeLevel => LEVELS_BY_RANK[rank >> 2];

/** `selected` with another amount (the fairness guard's correction), its fields in their order. */
export const withAmount = (selected: SelectedPrice, amount: number): SelectedPrice => ({
  priceId: selected.priceId,
  priceListId: selected.priceListId,
  amount,
  level: selected.level,
  country: selected.country,
  customerGroup: selected.customerGroup,
  channel: selected.channel,
  dated: selected.dated,
});

/** Why an applicable candidate of rank `rank` lost to the selected price, of `selectedRank` (see rankOf). */
export const lessSpecificReason = (rank: number, selectedRank: number): string =>
  LESS_SPECIFIC[rank * 16 + selectedRank];

/** Why `price` cannot apply to `query` at all, or undefined when it can. */
function mismatch(price: PriceCandidate, query: SelectionQuery): string | undefined {
  if (price.channel !== null && price.channel !== query.channel)
    return `for channel ${price.channel}, not ${query.channel}`;
  if (price.customerGroup !== null && !query.customerGroups.includes(price.customerGroup))
    return `for customer group ${price.customerGroup}, which the customer is not in`;
  if (price.country !== null && price.country !== query.country)
    return query.country === undefined
      ? `for country ${price.country}; the request names no country`
      : `for country ${price.country}, not ${query.country}`;
  const window = effectiveWindow(price);
  if (window.from !== null && query.at < window.from)
    return `not valid yet: from ${window.from.toISOString()}`;
  if (window.to !== null && query.at >= window.to)
    return `no longer valid: ended ${window.to.toISOString()}`;
  return undefined;
}

/**
 * The one price of a SKU for a buyer: the most specific candidate that applies (see rankOf),
 * the lowest amount among equally specific ones (a customer in two groups gets the better
 * price), and every other candidate with the reason it lost (unless `explain` is off, for
 * the comparisons the fairness guard makes). Pure: candidates are one SKU and currency.
 */
export function selectPrice(
  candidates: readonly PriceCandidate[],
  query: SelectionQuery,
  options: { explain: boolean } = { explain: true },
): Selection {
  const rejected: RejectedCandidate[] = [];
  const applicable: { price: PriceCandidate; rank: number; amount: number }[] = [];
  for (const price of candidates) {
    const amount = unitAmount(price, query.quantity);
    const why = mismatch(price, query);
    if (why === undefined) applicable.push({ price, rank: rankOf(price), amount });
    else if (options.explain)
      rejected.push({ priceId: price.id, priceListId: price.priceListId, amount, reason: why });
  }
  applicable.sort(
    (a, b) => b.rank - a.rank || a.amount - b.amount || a.price.id.localeCompare(b.price.id),
  );
  const best = applicable[0];
  if (best === undefined) return { selected: undefined, rejected };
  if (options.explain) {
    for (let i = 1; i < applicable.length; i++) {
      const other = applicable[i];
      rejected.push({
        priceId: other.price.id,
        priceListId: other.price.priceListId,
        amount: other.amount,
        reason:
          other.rank < best.rank
            ? lessSpecificReason(other.rank, best.rank)
            : `as specific as the selected price but not lower (${other.amount} ≥ ${best.amount})`,
      });
    }
  }
  return {
    selected: {
      priceId: best.price.id,
      priceListId: best.price.priceListId,
      amount: best.amount,
      level: levelOf(best.price),
      country: best.price.country,
      customerGroup: best.price.customerGroup,
      channel: best.price.channel,
      dated: isDated(best.price),
    },
    rejected,
  };
}
