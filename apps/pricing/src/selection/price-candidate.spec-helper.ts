import fc from 'fast-check';
import type { PriceCandidate } from './price-candidate';

let next = 0;

/** A price of SKU-1 in CNY, unscoped and undated unless told otherwise. */
export function candidate(overrides: Partial<PriceCandidate> = {}): PriceCandidate {
  next += 1;
  return {
    id: `p${next}`,
    priceListId: 'list-1',
    sku: 'SKU-1',
    currency: 'CNY',
    amount: 10_000,
    channel: null,
    customerGroup: null,
    country: null,
    validFrom: null,
    validTo: null,
    listValidFrom: null,
    listValidTo: null,
    quantityTiers: [],
    ...overrides,
  };
}

export const at = (iso: string) => new Date(iso);

const HOUR = 3_600_000;
/** The instant the random candidates' windows are drawn around. */
export const RANDOM_BASE = Date.UTC(2026, 5, 18);
/** A whole hour from 3 before RANDOM_BASE to 3 after. */
export const randomMoment = fc
  .integer({ min: -3, max: 3 })
  .map((hours) => new Date(RANDOM_BASE + hours * HOUR));
const optionalMoment = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: randomMoment, weight: 1 },
);
const scope = (values: readonly string[]) =>
  fc.option(fc.constantFrom(...values), { nil: null, freq: 2 });

/**
 * Random prices drawn from few values of everything, so scopes, windows, amounts and ids collide
 * often; a window edge is a whole hour around RANDOM_BASE, and up to two quantity tiers.
 */
export function randomCandidate(pools: {
  sku?: string;
  ids: readonly string[];
  priceListIds: readonly string[];
  currencies: readonly string[];
  amount: fc.Arbitrary<number>;
  channels: readonly string[];
  groups: readonly string[];
  countries: readonly string[];
}): fc.Arbitrary<PriceCandidate> {
  return fc
    .record({
      id: fc.constantFrom(...pools.ids),
      priceListId: fc.constantFrom(...pools.priceListIds),
      currency: fc.constantFrom(...pools.currencies),
      amount: pools.amount,
      channel: scope(pools.channels),
      customerGroup: scope(pools.groups),
      country: scope(pools.countries),
      validFrom: optionalMoment,
      validTo: optionalMoment,
      listValidFrom: optionalMoment,
      listValidTo: optionalMoment,
      quantityTiers: fc.array(
        fc.record({
          minQuantity: fc.integer({ min: 1, max: 6 }),
          amount: fc.integer({ min: 5, max: 11 }),
        }),
        { maxLength: 2 },
      ),
    })
    .map((fields) => candidate(pools.sku === undefined ? fields : { ...fields, sku: pools.sku }));
}
