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
