import { asciiBytes, jsonTextBytes, JsonBytes } from './json-bytes';
import { unitAmount, type PriceCandidate } from './price-candidate';
import {
  closedReasonBytes,
  closeRejected,
  openRejectedToAmount,
  rejectedAmount,
} from './select-answer';
import {
  lessSpecificReason,
  levelOfRank,
  rankOf,
  selectPrice,
  type RejectedCandidate,
  type ScopeLevel,
  type SelectedPrice,
  type Selection,
  type SelectionQuery,
} from './select-price';

/** Interned channels, customer groups, countries and currencies: selection compares integers. */
export class ScopeIds {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** The id of `value`, given one if it has none. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      this.ids.set(value, (id = this.ids.size));
      this.names.push(value);
    }
    return id;
  }

  /** The value of a scope column: its name, or null for ANY. */
  nameOf(id: number): string | null {
    return id === ANY ? null : this.names[id];
  }

  /** The id of `value`, or UNKNOWN: no price names it, so it matches none. */
  find(value: string | undefined): number {
    return value === undefined ? UNKNOWN : (this.ids.get(value) ?? UNKNOWN);
  }

  /** How many values have an id: what `find` answers changes only when this grows. */
  get size(): number {
    return this.ids.size;
  }

  // Bytes made from a value's name, by kind (an explained answer's reason texts), once each.
  private readonly made: (Uint8Array | undefined)[][] = [];

  /** `make(name of id)`, made once for each kind and id (ids are never given back). */
  bytesFor(kind: number, id: number, make: (name: string) => Uint8Array): Uint8Array {
    const made = (this.made[kind] ??= []);
    return (made[id] ??= make(this.names[id]));
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
/**
 * Where the candidate's bytes start in CompactPrices.openings, counted from the start of the
 * block's columns (so that a block moves as one copy); they end where the next one's start.
 */
const OPENING = 9;
/** Where its `"priceListId":…` ends in the opening (`,"amount":` follows). */
const IDS_END = 10;
const STRIDE = 11;

/**
 * One SKU's prices as the in-memory catalog keeps them for selection (ADR 0021): a flat column
 * block per candidate (scope ids, rank, amount, window bounds as numbers), so choosing a price
 * compares numbers and allocates nothing per candidate. The candidates' objects are not kept
 * (ADR 0039): what only an explanation by selectPrice reads rebuilds them (candidatesOf), from
 * the columns, the openings (their ids) and `windows`. Only a `tiered` block keeps them, for
 * their quantity tiers.
 */
export type CompactPrices = {
  sku: string;
  /** The candidates as given when the block is `tiered`, else undefined. */
  kept: readonly PriceCandidate[] | undefined;
  /** The store the block lies in, as doubles: its columns are `count` candidates from `base`. */
  columns: Float64Array;
  base: number;
  count: number;
  /** A currency id when every candidate is in it, else ANY (mixed). */
  currency: number;
  tiered: boolean;
  /**
   * Each candidate's opening of an item of an explained answer's `rejected` list, as the JSON
   * bytes openRejected writes, one after the other: `{"priceId":…,"priceListId":…,"amount":`
   * then, unless the block is `tiered` (the amount depends on the quantity), the amount and
   * `,"reason":"`. Where each candidate's start is a column (OPENING): a loser is one copy
   * from one contiguous block, not its id strings read where they lie on the heap. The same
   * store as `columns`, as bytes: the openings follow the columns.
   */
  openings: Buffer;
  /** Where the last opening ends, counted (as OPENING) from the start of the columns. */
  openingsEnd: number;
  /**
   * Per candidate its own window and its list's as given (validFrom, validTo, listValidFrom,
   * listValidTo in epoch ms, NaN for none); undefined when no candidate has a date.
   */
  windows: Float64Array | undefined;
};

// The dates of one candidate in CompactPrices.windows.
const VALID_FROM_MS = 0;
const VALID_TO_MS = 1;
const LIST_FROM_MS = 2;
const LIST_TO_MS = 3;
const WINDOW_STRIDE = 4;

const time = (date: Date | null, open: number) => (date === null ? open : date.getTime());

/**
 * A block before it is stored: its columns (OPENING counted from their start, as stored), the
 * openings in a scratch writer (valid until the next call) and what the block's fields say.
 */
export type CompactParts = Pick<CompactPrices, 'kept' | 'currency' | 'tiered' | 'windows'> & {
  columns: Float64Array;
  openings: JsonBytes;
};

export function compactParts(candidates: readonly PriceCandidate[], ids: ScopeIds): CompactParts {
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
  const tiered = candidates.some((price) => price.quantityTiers.length > 0);
  return {
    kept: tiered ? candidates : undefined,
    columns,
    currency: currencies.size === 1 ? [...currencies][0] : ANY,
    tiered,
    openings: rejectedOpenings(candidates, columns, tiered),
    windows: windowsOf(candidates),
  };
}

/** How many doubles a block's columns and openings take once stored. */
export const storedDoubles = (parts: CompactParts): number =>
  parts.columns.length + Math.ceil(parts.openings.size / 8);

/**
 * Stores a block's columns from `base` in `store` and its openings right after them (in
 * `bytes`, the same store as bytes); answers CompactPrices.openingsEnd. A select reads a SKU's
 * columns and then its losers' openings, so they share cache lines and pages rather than lying
 * wherever two allocations fell.
 */
export function storeParts(
  parts: CompactParts,
  store: Float64Array,
  bytes: Buffer,
  base: number,
): number {
  store.set(parts.columns, base);
  parts.openings.copyTo(bytes.subarray(base * 8 + parts.columns.byteLength));
  return parts.columns.byteLength + parts.openings.size;
}

/** One SKU's block in a store of its own. */
export function compactPrices(candidates: readonly PriceCandidate[], ids: ScopeIds): CompactPrices {
  const parts = compactParts(candidates, ids);
  const store = new ArrayBuffer(storedDoubles(parts) * 8);
  const columns = new Float64Array(store);
  const openings = Buffer.from(store);
  const openingsEnd = storeParts(parts, columns, openings, 0);
  return {
    sku: candidates.length === 0 ? '' : candidates[0].sku,
    kept: parts.kept,
    columns,
    base: 0,
    count: candidates.length,
    currency: parts.currency,
    tiered: parts.tiered,
    openings,
    openingsEnd,
    windows: parts.windows,
  };
}

const dateMs = (date: Date | null) => (date === null ? NaN : date.getTime());
const dateOf = (ms: number) => (Number.isNaN(ms) ? null : new Date(ms));

/** CompactPrices.windows. */
function windowsOf(candidates: readonly PriceCandidate[]): Float64Array | undefined {
  const dated = (price: PriceCandidate) =>
    price.validFrom !== null ||
    price.validTo !== null ||
    price.listValidFrom !== null ||
    price.listValidTo !== null;
  if (!candidates.some(dated)) return undefined;
  const windows = new Float64Array(candidates.length * WINDOW_STRIDE);
  candidates.forEach((price, i) => {
    const at = i * WINDOW_STRIDE;
    windows[at + VALID_FROM_MS] = dateMs(price.validFrom);
    windows[at + VALID_TO_MS] = dateMs(price.validTo);
    windows[at + LIST_FROM_MS] = dateMs(price.listValidFrom);
    windows[at + LIST_TO_MS] = dateMs(price.listValidTo);
  });
  return windows;
}

/** The ids of candidate `i`, parsed from the JSON of its opening: `{"priceId":…,"priceListId":…`. */
function idsAt(prices: CompactPrices, i: number): { priceId: string; priceListId: string } {
  const { columns, openings, base } = prices;
  const at = base + i * STRIDE;
  const origin = base * 8;
  return JSON.parse(
    `${openings.toString('utf8', origin + columns[at + OPENING], origin + columns[at + IDS_END])}}`,
  ) as { priceId: string; priceListId: string };
}

/** The candidates compactPrices was given, in their order: the kept ones, or rebuilt. */
export function candidatesOf(prices: CompactPrices, ids: ScopeIds): readonly PriceCandidate[] {
  if (prices.kept !== undefined) return prices.kept;
  const { columns, windows, sku, base, count } = prices;
  const candidates: PriceCandidate[] = [];
  for (let i = 0; i < count; i++) {
    const at = base + i * STRIDE;
    const w = i * WINDOW_STRIDE;
    const { priceId, priceListId } = idsAt(prices, i);
    const date = (field: number) => (windows === undefined ? null : dateOf(windows[w + field]));
    candidates.push({
      id: priceId,
      priceListId,
      sku,
      currency: ids.nameOf(columns[at + CURRENCY]) as string,
      amount: columns[at + AMOUNT],
      channel: ids.nameOf(columns[at + CHANNEL]),
      customerGroup: ids.nameOf(columns[at + GROUP]),
      country: ids.nameOf(columns[at + COUNTRY]),
      validFrom: date(VALID_FROM_MS),
      validTo: date(VALID_TO_MS),
      listValidFrom: date(LIST_FROM_MS),
      listValidTo: date(LIST_TO_MS),
      quantityTiers: [],
    });
  }
  return candidates;
}

/** `,"amount":`, which ends what openRejectedToAmount writes. */
const AMOUNT_KEY_LENGTH = ',"amount":'.length;

// Scratch for rejectedOpenings: the catalog compacts one SKU at a time.
const openingsJson = new JsonBytes();

/**
 * CompactPrices.openings, written by openRejected's own pieces into the scratch writer (valid
 * until the next call), and its OPENING column (counted from the start of the columns, which
 * the openings follow once stored).
 */
function rejectedOpenings(
  candidates: readonly PriceCandidate[],
  columns: Float64Array,
  tiered: boolean,
): JsonBytes {
  const json = openingsJson;
  json.reset();
  const start = columns.byteLength;
  candidates.forEach((price, i) => {
    columns[i * STRIDE + OPENING] = start + json.size;
    openRejectedToAmount(json, price.id, price.priceListId);
    columns[i * STRIDE + IDS_END] = start + json.size - AMOUNT_KEY_LENGTH;
    if (!tiered) rejectedAmount(json, price.amount);
  });
  return json;
}

/**
 * Where the opening of the candidate at column offset `at` of a block from `base` ends, counted
 * from the start of its columns: where the next one's starts.
 */
function openingEnd(
  columns: Float64Array,
  base: number,
  count: number,
  openingsEnd: number,
  at: number,
): number {
  const next = at + STRIDE;
  return next < base + count * STRIDE ? columns[next + OPENING] : openingsEnd;
}

/**
 * Candidate `i`'s bytes of CompactPrices.openings, as [start, end) in `openings` (a test's
 * view of the column).
 */
export function openingOf(prices: CompactPrices, i: number): [number, number] {
  const { columns, base, count, openingsEnd } = prices;
  const at = base + i * STRIDE;
  const origin = base * 8;
  return [
    origin + columns[at + OPENING],
    origin + openingEnd(columns, base, count, openingsEnd, at),
  ];
}

/** The candidates in one currency (the block's own array when they all are). */
function inCurrency(
  candidates: readonly PriceCandidate[],
  columns: Float64Array,
  base: number,
  blockCurrency: number,
  currency: number,
): readonly PriceCandidate[] {
  if (blockCurrency === currency) return candidates;
  return candidates.filter((_, i) => columns[base + i * STRIDE + CURRENCY] === currency);
}

/**
 * One SKU's catalog prices in a requested currency. `select` answers what selectPrice answers
 * for its candidates in that currency: explained (every loser with its reason) by selectPrice
 * itself; unexplained — the checkout path and the fairness guard's baselines — in one pass over
 * numbers. `writeRejected` writes the explained answer's `rejected` list straight into the
 * answer's JSON, with no object per loser (ADR 0034).
 */
export class CompactSelector {
  // The block's own fields, not the block: a selection reads this object and the columns. Not
  // readonly: the catalog points the selectors it hands out at other blocks from one read to the
  // next (`reset`), rather than making one per SKU a request.
  sku!: string;
  kept!: readonly PriceCandidate[] | undefined;
  columns!: Float64Array;
  base!: number;
  count!: number;
  tiered!: boolean;
  openings!: Buffer;
  openingsEnd!: number;
  windows!: Float64Array | undefined;
  /** CompactPrices.currency: the block's one currency, or ANY. */
  blockCurrency!: number;
  /** The currency it selects in (an id). */
  currency!: number;

  /** `currency`: an id, or the name of one. */
  constructor(
    prices: CompactPrices,
    currency: string | number,
    protected readonly ids: ScopeIds,
  ) {
    this.reset(prices, typeof currency === 'number' ? currency : ids.find(currency));
  }

  /** Makes this the selector of `prices` in `currency` (an id); answers itself. */
  reset(prices: CompactPrices, currency: number): this {
    this.sku = prices.sku;
    this.kept = prices.kept;
    this.columns = prices.columns;
    this.base = prices.base;
    this.count = prices.count;
    this.tiered = prices.tiered;
    this.openings = prices.openings;
    this.openingsEnd = prices.openingsEnd;
    this.windows = prices.windows;
    this.blockCurrency = prices.currency;
    this.currency = currency;
    return this;
  }

  /** The block this selects from. */
  get block(): CompactPrices {
    const { sku, kept, columns, base, count, tiered, openings, openingsEnd, windows } = this;
    const currency = this.blockCurrency;
    return { sku, kept, columns, base, count, currency, tiered, openings, openingsEnd, windows };
  }

  /**
   * The block's candidates, in its order: rebuilt on every call unless the block is tiered, so
   * only what an explanation by selectPrice (never the catalog's select) or a test reads.
   */
  get candidates(): readonly PriceCandidate[] {
    return candidatesOf(this.block, this.ids);
  }

  /** Candidate `i`'s ids, from its opening: what a selected BlockPrice names. */
  idsOf(i: number): { priceId: string; priceListId: string } {
    return this.kept === undefined
      ? idsAt(this.block, i)
      : { priceId: this.kept[i].id, priceListId: this.kept[i].priceListId };
  }

  /** A method, not a function per selector: the catalog's read makes no closure per SKU. */
  select(query: SelectionQuery, options: { explain: boolean }): Selection {
    return options.explain
      ? selectPrice(
          inCurrency(this.candidates, this.columns, this.base, this.blockCurrency, this.currency),
          query,
          options,
        )
      : selectCompact(this, this.currency, query, this.ids);
  }

  /**
   * The amount `select(query, { explain: false })` selects, or undefined for none, without
   * making the selection: what the fairness guard's baselines need of a SKU.
   */
  selectedAmount(query: SelectionQuery): number | undefined {
    return bestOf(this, this.currency, query, this.ids) === -1 ? undefined : foundAmount;
  }

  /**
   * JSON.stringify of `select(query, { explain: true }).rejected`: the candidates that cannot
   * apply, in the block's order, then those that lost to the selected price, best first, each
   * with selectPrice's reason.
   */
  writeRejected(json: JsonBytes, query: SelectionQuery): void {
    const { columns, base, count, kept, tiered, currency } = this;
    const scope = rememberedScopeOf(query, this.ids);
    if (applicable.length < count) {
      applicable = new Int32Array(count);
      amounts = new Float64Array(count);
    }
    let applying = 0;
    let first = true;
    json.raw('[');
    for (let i = 0, at = base; i < count; i++, at += STRIDE) {
      if (columns[at + CURRENCY] !== currency) continue;
      const amount = tiered
        ? unitAmount((kept as readonly PriceCandidate[])[i], query.quantity)
        : columns[at + AMOUNT];
      const reason = mismatchOf(columns, at, scope);
      if (reason === APPLIES) {
        applicable[applying] = i;
        amounts[applying++] = amount;
        continue;
      }
      if (!first) json.raw(',');
      first = false;
      this.copyOpening(json, at);
      if (tiered) rejectedAmount(json, amount);
      writeMismatch(json, reason, columns, at, query, scope);
    }
    this.sortApplicable(applying);
    const best = base + applicable[0] * STRIDE;
    for (let k = 1; k < applying; k++) {
      const at = base + applicable[k] * STRIDE;
      const rank = columns[at + RANK];
      if (!first) json.raw(',');
      first = false;
      this.copyOpening(json, at);
      if (tiered) rejectedAmount(json, amounts[k]);
      if (rank < columns[best + RANK]) json.bytesOf(lessSpecificBytes(rank, columns[best + RANK]));
      else {
        json.bytesOf(AS_SPECIFIC);
        json.digits(amounts[k]);
        json.bytesOf(NOT_LOWER);
        json.digits(amounts[0]);
        json.bytesOf(CLOSING_PARENTHESIS);
        closeRejected(json);
      }
    }
    json.raw(']');
  }

  /** selectPrice's order of the applicable candidates: rank, then amount, then id, then input order. */
  private sortApplicable(count: number): void {
    const { columns, base } = this;
    for (let k = 1; k < count; k++) {
      const i = applicable[k];
      const amount = amounts[k];
      const rank = columns[base + i * STRIDE + RANK];
      const order = columns[base + i * STRIDE + ID_ORDER];
      let j = k - 1;
      for (; j >= 0; j--) {
        const other = applicable[j];
        const otherRank = columns[base + other * STRIDE + RANK];
        const otherOrder = columns[base + other * STRIDE + ID_ORDER];
        const before =
          rank > otherRank ||
          (rank === otherRank &&
            (amount < amounts[j] || (amount === amounts[j] && order < otherOrder)));
        if (!before) break;
        applicable[j + 1] = other;
        amounts[j + 1] = amounts[j];
      }
      applicable[j + 1] = i;
      amounts[j + 1] = amount;
    }
  }

  /** The opening of the candidate at column offset `at` (see CompactPrices.openings). */
  private copyOpening(json: JsonBytes, at: number): void {
    const { columns, base, count, openingsEnd } = this;
    const origin = base * 8;
    json.copyOf(
      this.openings,
      origin + columns[at + OPENING],
      origin + openingEnd(columns, base, count, openingsEnd, at),
    );
  }
}

// Why a candidate cannot apply, in the order selectPrice checks.
const APPLIES = 0;
const OTHER_CHANNEL = 1;
const OTHER_GROUP = 2;
const OTHER_COUNTRY = 3;
const NOT_YET = 4;
const ENDED = 5;

/** A query's scope as the block's ids. */
type CompactScope = {
  channel: number;
  country: number;
  group: number;
  groups: readonly string[];
  atMs: number;
  /** Whose ids these are: a price's group is matched by its name against several groups. */
  ids: ScopeIds;
  /**
   * The ends of the mismatch reasons that name the request's channel or country, and the end of
   * the loser's item: made by writeMismatch the first time a request's loser needs one.
   */
  channelTail: Uint8Array | undefined;
  countryTail: Uint8Array | undefined;
};

const scopeOf = (query: SelectionQuery, ids: ScopeIds): CompactScope => {
  const groups = query.customerGroups;
  return {
    channel: ids.find(query.channel),
    country: ids.find(query.country),
    group: groups.length === 1 ? ids.find(groups[0]) : UNKNOWN,
    groups,
    atMs: query.at.getTime(),
    ids,
    channelTail: undefined,
    countryTail: undefined,
  };
};

// The scopes of the last few queries, with the ids and how many ids they were found among: a
// select asks every SKU with the same few query objects (its own, the fairness guard's
// baselines), and a query is never changed once made. An id found later makes a new scope.
const REMEMBERED = 8;
const rememberedQueries: (SelectionQuery | undefined)[] = new Array(REMEMBERED).fill(undefined);
const rememberedScopes: { scope: CompactScope; ids: ScopeIds; size: number }[] = [];
let nextRemembered = 0;

/** scopeOf, once per query (and set of ids) rather than once per SKU. */
function rememberedScopeOf(query: SelectionQuery, ids: ScopeIds): CompactScope {
  for (let k = 0; k < REMEMBERED; k++)
    if (rememberedQueries[k] === query) {
      const remembered = rememberedScopes[k];
      if (remembered.ids === ids && remembered.size === ids.size) return remembered.scope;
    }
  const scope = scopeOf(query, ids);
  rememberedQueries[nextRemembered] = query;
  rememberedScopes[nextRemembered] = { scope, ids, size: ids.size };
  nextRemembered = (nextRemembered + 1) % REMEMBERED;
  return scope;
}

/**
 * Why the price at column offset `at` cannot apply to the scope, or APPLIES;
 * its currency is checked by the caller. A price for one of several groups is matched by name.
 */
function mismatchOf(columns: Float64Array, at: number, scope: CompactScope): number {
  const priceChannel = columns[at + CHANNEL];
  if (priceChannel !== ANY && priceChannel !== scope.channel) return OTHER_CHANNEL;
  const priceGroup = columns[at + GROUP];
  if (
    priceGroup !== ANY &&
    priceGroup !== scope.group &&
    (scope.groups.length < 2 || !scope.groups.includes(scope.ids.nameOf(priceGroup) ?? ''))
  )
    return OTHER_GROUP;
  const priceCountry = columns[at + COUNTRY];
  if (priceCountry !== ANY && priceCountry !== scope.country) return OTHER_COUNTRY;
  if (scope.atMs < columns[at + FROM]) return NOT_YET;
  if (scope.atMs >= columns[at + TO]) return ENDED;
  return APPLIES;
}

// Scratch for writeRejected, reused by every SKU: the applicable candidates and their amounts.
let applicable = new Int32Array(64);
let amounts = new Float64Array(64);

// selectPrice's reasons, as bytes. Those that name a price's channel, group or country are made
// once for each value (ScopeIds.bytesFor), those that name the request's once a request
// (CompactScope), each with the end of its loser's item where the reason ends there: a loser's
// reason is then one or two copies.
const CHANNEL_REASON = 0;
const GROUP_REASON = 1;
const COUNTRY_REASON = 2;
const forChannel = (name: string) => jsonTextBytes(`for channel ${name}, not `);
const forGroup = (name: string) =>
  closedReasonBytes(jsonTextBytes(`for customer group ${name}, which the customer is not in`));
const forCountry = (name: string) => jsonTextBytes(`for country ${name}`);
const NO_COUNTRY = closedReasonBytes(asciiBytes('; the request names no country'));
const VALID_FROM = asciiBytes('not valid yet: from ');
const ENDED_AT = asciiBytes('no longer valid: ended ');
const AS_SPECIFIC = asciiBytes('as specific as the selected price but not lower (');
const NOT_LOWER = Buffer.from(' ≥ ', 'utf8');
const CLOSING_PARENTHESIS = asciiBytes(')');
const LESS_SPECIFIC: Uint8Array[] = [];

/** The reason of a less specific loser, and the end of its item. */
const lessSpecificBytes = (rank: number, selectedRank: number): Uint8Array =>
  (LESS_SPECIFIC[rank * 16 + selectedRank] ??= closedReasonBytes(
    asciiBytes(lessSpecificReason(rank, selectedRank)),
  ));

/** selectPrice's `mismatch` text for the scope's query, and the end of the loser's item. */
function writeMismatch(
  json: JsonBytes,
  reason: number,
  columns: Float64Array,
  at: number,
  query: SelectionQuery,
  scope: CompactScope,
): void {
  const { ids } = scope;
  switch (reason) {
    case OTHER_CHANNEL:
      json.bytesOf(ids.bytesFor(CHANNEL_REASON, columns[at + CHANNEL], forChannel));
      json.bytesOf((scope.channelTail ??= closedReasonBytes(jsonTextBytes(query.channel))));
      return;
    case OTHER_GROUP:
      json.bytesOf(ids.bytesFor(GROUP_REASON, columns[at + GROUP], forGroup));
      return;
    case OTHER_COUNTRY:
      json.bytesOf(ids.bytesFor(COUNTRY_REASON, columns[at + COUNTRY], forCountry));
      json.bytesOf(
        (scope.countryTail ??=
          query.country === undefined
            ? NO_COUNTRY
            : closedReasonBytes(jsonTextBytes(`, not ${query.country}`))),
      );
      return;
    case NOT_YET:
      json.bytesOf(VALID_FROM);
      json.instantText(columns[at + FROM]);
      closeRejected(json);
      return;
    default:
      json.bytesOf(ENDED_AT);
      json.instantText(columns[at + TO]);
      closeRejected(json);
  }
}

// Shared, frozen: an unexplained selection lists no rejections, and select makes ~50 a request.
const NOTHING_REJECTED: readonly RejectedCandidate[] = Object.freeze([]);
const NOTHING_SELECTED: Selection = Object.freeze({
  selected: undefined,
  rejected: NOTHING_REJECTED,
});

// What bestOf found besides the winner's index: selection is synchronous, so one pair serves all.
let foundRank = 0;
let foundAmount = 0;

/**
 * The index of the candidate selectPrice would select, unexplained, or -1 (its rank and amount
 * in foundRank and foundAmount): rank, then amount, then id order.
 */
function bestOf(
  prices: CompactSelector,
  currency: number,
  query: SelectionQuery,
  ids: ScopeIds,
): number {
  const { columns, base, count, kept } = prices;
  const scope = rememberedScopeOf(query, ids);
  let best = -1;
  let bestRank = 0;
  let bestAmount = 0;
  let bestOrder = 0;
  for (let i = 0, at = base; i < count; i++, at += STRIDE) {
    if (columns[at + CURRENCY] !== currency) continue;
    if (mismatchOf(columns, at, scope) !== APPLIES) continue;
    const rank = columns[at + RANK];
    const amount = prices.tiered
      ? unitAmount((kept as readonly PriceCandidate[])[i], query.quantity)
      : columns[at + AMOUNT];
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
  foundRank = bestRank;
  foundAmount = bestAmount;
  return best;
}

function selectCompact(
  prices: CompactSelector,
  currency: number,
  query: SelectionQuery,
  ids: ScopeIds,
): Selection {
  const best = bestOf(prices, currency, query, ids);
  if (best === -1) return NOTHING_SELECTED;
  const { columns, base } = prices;
  const at = base + best * STRIDE;
  return {
    selected: new BlockPrice(
      prices,
      best,
      foundAmount,
      levelOfRank(foundRank),
      ids.nameOf(columns[at + COUNTRY]),
      ids.nameOf(columns[at + GROUP]),
      ids.nameOf(columns[at + CHANNEL]),
      (foundRank & 1) !== 0,
    ),
    rejected: NOTHING_REJECTED,
  };
}

/**
 * A price selected from a block, read from its columns and the ids' names (level and dated from
 * its rank): its ids are parsed from the block's openings only when asked; the answer copies
 * their bytes from there instead.
 */
export class BlockPrice implements SelectedPrice {
  constructor(
    private readonly block: CompactSelector,
    private readonly index: number,
    readonly amount: number,
    readonly level: ScopeLevel,
    readonly country: string | null,
    readonly customerGroup: string | null,
    readonly channel: string | null,
    readonly dated: boolean,
  ) {}

  get priceId(): string {
    return this.block.idsOf(this.index).priceId;
  }

  get priceListId(): string {
    return this.block.idsOf(this.index).priceListId;
  }

  /** `"priceId":…,"priceListId":…` as JSON.stringify writes them, from the block's openings. */
  writeIds(json: JsonBytes): void {
    const { columns, openings, base } = this.block;
    const at = base + this.index * STRIDE;
    const origin = base * 8;
    json.copyOf(openings, origin + columns[at + OPENING] + 1, origin + columns[at + IDS_END]);
  }
}
