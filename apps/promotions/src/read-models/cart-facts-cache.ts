import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import type { PresentedCoupon } from '../coupons/coupons.repository';
import type { PromotionsConfig } from '../config/promotions-config';
import {
  customerView,
  ReadModelsRepository,
  type CartFacts,
  type CartFactsQuery,
  type CouponDefinition,
  type CustomerFacts,
  type PriceRow,
} from './read-models.repository';
import { ReadModelChanges } from './read-model-changes';

/** A cache key: a change's kind and key values, as its notification names them. */
export function cacheKey(parts: readonly string[]): string {
  // Postgres text cannot hold NUL, so no two keys join to the same string.
  return parts.join('\u0000');
}

const customerKey = (customerId: string) => `customer\u0000${customerId}`;
const priceKey = (channel: string, currency: string, sku: string) =>
  `price\u0000${channel}\u0000${currency}\u0000${sku}`;
const floorKey = (currency: string, sku: string) => `floor\u0000${currency}\u0000${sku}`;
const couponKey = (code: string) => `coupon\u0000${code}`;
const usesKey = (code: string, customerId: string) => `coupon-uses\u0000${code}\u0000${customerId}`;

/** A floor or a customer's uses of a code that is not stored (stored ones are never negative). */
const NONE = -1;

/** A customer's facts (null: unknown), a SKU's prices, a floor, a coupon (null: unknown), uses. */
type Entry = CustomerFacts | null | readonly PriceRow[] | number | CouponDefinition;

/**
 * The cart facts of recent quotes, kept in this process so a quote reads Postgres only for what
 * it has not seen (ADR 0031). Every transaction that changes a read model announces what it
 * changed when it commits; each entry it names is evicted on hearing it. While the LISTEN
 * connection is away nothing is read from or put into the cache (quotes read Postgres), and it
 * is emptied when LISTEN is back, since the changes made meanwhile went unheard. A fill that
 * began before any eviction it could have missed is not kept. Coupon use counts are served
 * from it to quotes only: an order's redemption reads them afresh and takes a use by a
 * conditional update, so no limit can be exceeded by what a quote saw.
 */
@Injectable()
export class CartFactsCache {
  private readonly store: FactsStore<Entry>;
  private readonly maxEntries: number;

  constructor(
    private readonly changes: ReadModelChanges,
    private readonly readModels: ReadModelsRepository,
    @Inject(SERVICE_CONFIG) config: PromotionsConfig,
  ) {
    this.maxEntries = config.quotes.cartFactsCacheEntries;
    this.store = new FactsStore(this.maxEntries);
    if (this.maxEntries > 0)
      changes.subscribe({
        onNotification: (payload) => this.store.evict(payload),
        onListening: () => this.store.clear(),
      });
  }

  /** True while changes are heard, so cached facts can be trusted. */
  isInUse(): boolean {
    return this.maxEntries > 0 && this.changes.isListening();
  }

  /** How many facts are kept. */
  get size(): number {
    return this.store.size;
  }

  /** What a quote reads, from the cache where it can and from Postgres for the rest. */
  async cartFacts(query: CartFactsQuery): Promise<CartFacts> {
    if (!this.isInUse()) return this.readModels.cartFacts(query);
    const epoch = this.store.epoch;
    const { customerId, channel, currency } = query;
    const found = new Map<string, Entry>();
    const cached = (key: string): boolean => {
      const value = this.store.get(key);
      if (value === undefined) return false;
      found.set(key, value);
      return true;
    };
    const missing = {
      customerId:
        customerId !== undefined && !cached(customerKey(customerId)) ? customerId : undefined,
      priceSkus: [] as string[],
      floorSkus: [] as string[],
      couponCodes: [] as string[],
      useCodes: [] as string[],
    };
    for (const sku of query.skus) {
      if (query.needPrices && !cached(priceKey(channel, currency, sku)))
        missing.priceSkus.push(sku);
      if (!cached(floorKey(currency, sku))) missing.floorSkus.push(sku);
    }
    for (const code of query.couponCodes) {
      if (!cached(couponKey(code))) missing.couponCodes.push(code);
      if (customerId !== undefined && !cached(usesKey(code, customerId)))
        missing.useCodes.push(code);
    }
    if (
      missing.customerId !== undefined ||
      missing.priceSkus.length > 0 ||
      missing.floorSkus.length > 0 ||
      missing.couponCodes.length > 0 ||
      missing.useCodes.length > 0
    ) {
      const parts = await this.readModels.cartFactParts({
        ...missing,
        channel,
        currency,
        usesOf: customerId,
      });
      const fill = new Map<string, Entry>();
      if (missing.customerId !== undefined)
        fill.set(customerKey(missing.customerId), parts.customer);
      for (const sku of missing.priceSkus)
        fill.set(priceKey(channel, currency, sku), parts.prices.get(sku) ?? []);
      for (const sku of missing.floorSkus)
        fill.set(floorKey(currency, sku), parts.floors.get(sku) ?? NONE);
      for (const code of missing.couponCodes)
        fill.set(couponKey(code), parts.coupons.get(code) ?? null);
      for (const code of missing.useCodes)
        fill.set(usesKey(code, customerId!), parts.uses.get(code) ?? NONE);
      const listening = this.isInUse();
      for (const [key, value] of fill) {
        found.set(key, value);
        if (listening) this.store.fill(epoch, key, value);
      }
    }
    return assemble(query, found);
  }
}

/**
 * At most `maxEntries` facts by key, the oldest fill evicted first, and the evictions that
 * notifications order. `epoch` counts evictions: a fill read before one is not kept, since the
 * statement may have read a row just before the change that evicted it.
 */
export class FactsStore<T> {
  private readonly entries = new Map<string, T>();
  private evictions = 0;

  constructor(private readonly maxEntries: number) {}

  get epoch(): number {
    return this.evictions;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` under `key` unless something was evicted since `epoch`. */
  fill(epoch: number, key: string, value: T): void {
    if (epoch !== this.evictions || this.maxEntries === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    // A Map iterates in insertion order: its first key is the oldest fill.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * Evicts what a notification names: a JSON array of the kind and key values of a changed row;
   * `[]` (a TRUNCATE) or anything else evicts everything.
   */
  evict(payload: string): void {
    let parts: unknown;
    try {
      parts = JSON.parse(payload);
    } catch {
      parts = undefined;
    }
    if (
      Array.isArray(parts) &&
      parts.length > 0 &&
      parts.every((part) => typeof part === 'string')
    ) {
      this.evictions += 1;
      this.entries.delete(cacheKey(parts));
    } else this.clear();
  }

  clear(): void {
    this.evictions += 1;
    this.entries.clear();
  }
}

/** The cart facts of a query from the entries it needs, as the cart-facts statement gives them. */
function assemble(query: CartFactsQuery, found: ReadonlyMap<string, Entry>): CartFacts {
  const { customerId, channel, currency } = query;
  const facts =
    customerId === undefined ? null : (found.get(customerKey(customerId)) as CustomerFacts | null);
  const customer = facts === null ? undefined : customerView(customerId!, facts);
  const prices = new Map<string, number>();
  if (query.needPrices) {
    const groups = new Set<string>(['', ...(customer?.segments ?? [])]);
    if (customer?.tier !== undefined) groups.add(customer.tier);
    const at = query.at.getTime() * 1_000;
    for (const sku of query.skus) {
      const price = priceAt(found.get(priceKey(channel, currency, sku)) as PriceRow[], groups, at);
      if (price !== undefined) prices.set(sku, price);
    }
  }
  const floors = new Map<string, number>();
  for (const sku of query.skus) {
    const floor = found.get(floorKey(currency, sku)) as number;
    if (floor !== NONE) floors.set(sku, floor);
  }
  const coupons: PresentedCoupon[] = [];
  for (const code of query.couponCodes) {
    const coupon = found.get(couponKey(code)) as CouponDefinition | null;
    if (coupon === null) continue;
    const uses = customerId === undefined ? NONE : (found.get(usesKey(code, customerId)) as number);
    coupons.push({ ...coupon, customerUses: uses === NONE ? null : uses });
  }
  return { customer, prices, floors, coupons };
}

/**
 * A SKU's unit price at `at` (µs since the epoch) for a customer in `groups`: for each group
 * its latest price that started by then, if it has not ended; the lowest of those. What the
 * cart-facts statement computes, on the SKU's cached rows (newest first).
 */
export function priceAt(
  rows: readonly PriceRow[],
  groups: ReadonlySet<string>,
  at: number,
): number | undefined {
  const decided = new Set<string>();
  let lowest: number | undefined;
  for (const row of rows) {
    if (row.validFrom > at || !groups.has(row.group) || decided.has(row.group)) continue;
    decided.add(row.group);
    if (row.validTo !== null && row.validTo <= at) continue;
    if (lowest === undefined || row.amount < lowest) lowest = row.amount;
  }
  return lowest;
}
