import { isDated, unitAmount, type PriceCandidate } from './price-candidate';
import {
  levelOf,
  rankOf,
  selectPrice,
  type PriceSelector,
  type RejectedCandidate,
  type Selection,
  type SelectionQuery,
} from './select-price';

/** Interned channels, customer groups, countries and currencies: selection compares integers. */
export class ScopeIds {
  private readonly ids = new Map<string, number>();

  /** The id of `value`, given one if it has none. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) this.ids.set(value, (id = this.ids.size));
    return id;
  }

  /** The id of `value`, or UNKNOWN: no price names it, so it matches none. */
  find(value: string | undefined): number {
    return value === undefined ? UNKNOWN : (this.ids.get(value) ?? UNKNOWN);
  }
}

/** A price without this scope (applies to every channel, group or country). */
const ANY = -1;
/** A requested value no price names. */
const UNKNOWN = -2;

// The columns of one candidate in CompactPrices.columns.
const RANK = 0;
const AMOUNT = 1;
const CHANNEL = 2;
const GROUP = 3;
const COUNTRY = 4;
const CURRENCY = 5;
/** The effective window [FROM, TO) in epoch ms, -Infinity / Infinity when open. */
const FROM = 6;
const TO = 7;
/** The candidate's position among the SKU's candidates by id (localeCompare), the last tie-break. */
const ID_ORDER = 8;
const STRIDE = 9;

/**
 * One SKU's prices as the in-memory catalog keeps them for selection (ADR 0021): a flat column
 * block per candidate (scope ids, rank, amount, window bounds as numbers), so choosing a price
 * compares numbers and allocates nothing per candidate. `candidates` stay beside it, in the
 * same order, for what the answer names (ids) and what only explanations and quantity tiers read.
 */
export type CompactPrices = {
  candidates: readonly PriceCandidate[];
  columns: Float64Array;
  /** A currency id when every candidate is in it, else ANY (mixed). */
  currency: number;
  tiered: boolean;
};

const time = (date: Date | null, open: number) => (date === null ? open : date.getTime());

export function compactPrices(candidates: readonly PriceCandidate[], ids: ScopeIds): CompactPrices {
  const columns = new Float64Array(candidates.length * STRIDE);
  const byId = candidates
    .map((_, i) => i)
    .sort((a, b) => candidates[a].id.localeCompare(candidates[b].id));
  let order = 0;
  byId.forEach((i, position) => {
    // Ids that localeCompare calls equal share a position: the first in input order wins, as in a stable sort.
    if (position > 0 && candidates[byId[position - 1]].id.localeCompare(candidates[i].id) !== 0)
      order = position;
    columns[i * STRIDE + ID_ORDER] = order;
  });
  const scope = (value: string | null) => (value === null ? ANY : ids.intern(value));
  const currencies = new Set<number>();
  candidates.forEach((price, i) => {
    const at = i * STRIDE;
    const from = Math.max(time(price.validFrom, -Infinity), time(price.listValidFrom, -Infinity));
    const to = Math.min(time(price.validTo, Infinity), time(price.listValidTo, Infinity));
    columns[at + RANK] = rankOf(price);
    columns[at + AMOUNT] = price.amount;
    columns[at + CHANNEL] = scope(price.channel);
    columns[at + GROUP] = scope(price.customerGroup);
    columns[at + COUNTRY] = scope(price.country);
    columns[at + CURRENCY] = ids.intern(price.currency);
    columns[at + FROM] = from;
    columns[at + TO] = to;
    currencies.add(columns[at + CURRENCY]);
  });
  return {
    candidates,
    columns,
    currency: currencies.size === 1 ? [...currencies][0] : ANY,
    tiered: candidates.some((price) => price.quantityTiers.length > 0),
  };
}

/** The candidates in one currency (the block's own array when they all are). */
function inCurrency(prices: CompactPrices, currency: number): readonly PriceCandidate[] {
  if (prices.currency === currency) return prices.candidates;
  return prices.candidates.filter((_, i) => prices.columns[i * STRIDE + CURRENCY] === currency);
}

/**
 * What selectPrice answers for the candidates in `currency`, from the columns. Explained
 * selections (every loser with its reason) are selectPrice's own; the unexplained one — the
 * checkout path and the fairness guard's baselines — is one pass over numbers.
 */
export function compactSelector(
  prices: CompactPrices,
  currencyName: string,
  ids: ScopeIds,
): PriceSelector {
  const currency = ids.find(currencyName);
  return (query, options) =>
    options.explain
      ? selectPrice(inCurrency(prices, currency), query, options)
      : selectCompact(prices, currency, query, ids);
}

// Shared, frozen: an unexplained selection lists no rejections, and select makes ~50 a request.
const NOTHING_REJECTED: readonly RejectedCandidate[] = Object.freeze([]);
const NOTHING_SELECTED: Selection = Object.freeze({
  selected: undefined,
  rejected: NOTHING_REJECTED,
});

function selectCompact(
  prices: CompactPrices,
  currency: number,
  query: SelectionQuery,
  ids: ScopeIds,
): Selection {
  const { columns, candidates } = prices;
  const channel = ids.find(query.channel);
  const country = ids.find(query.country);
  const groups = query.customerGroups;
  const group = groups.length === 1 ? ids.find(groups[0]) : UNKNOWN;
  const atMs = query.at.getTime();
  let best = -1;
  let bestRank = 0;
  let bestAmount = 0;
  let bestOrder = 0;
  // Bounded by the columns, not the candidates: only the winner's object is read.
  for (let i = 0, at = 0; at < columns.length; i++, at += STRIDE) {
    if (columns[at + CURRENCY] !== currency) continue;
    const priceChannel = columns[at + CHANNEL];
    if (priceChannel !== ANY && priceChannel !== channel) continue;
    const priceGroup = columns[at + GROUP];
    if (
      priceGroup !== ANY &&
      priceGroup !== group &&
      (groups.length < 2 || !groups.includes(candidates[i].customerGroup!))
    )
      continue;
    const priceCountry = columns[at + COUNTRY];
    if (priceCountry !== ANY && priceCountry !== country) continue;
    if (atMs < columns[at + FROM] || atMs >= columns[at + TO]) continue;
    const rank = columns[at + RANK];
    const amount = prices.tiered ? unitAmount(candidates[i], query.quantity) : columns[at + AMOUNT];
    const order = columns[at + ID_ORDER];
    if (
      best === -1 ||
      rank > bestRank ||
      (rank === bestRank && (amount < bestAmount || (amount === bestAmount && order < bestOrder)))
    ) {
      best = i;
      bestRank = rank;
      bestAmount = amount;
      bestOrder = order;
    }
  }
  if (best === -1) return NOTHING_SELECTED;
  const price = candidates[best];
  return {
    selected: {
      priceId: price.id,
      priceListId: price.priceListId,
      amount: bestAmount,
      level: levelOf(price),
      country: price.country,
      customerGroup: price.customerGroup,
      channel: price.channel,
      dated: isDated(price),
    },
    rejected: NOTHING_REJECTED,
  };
}
