/** A quantity break: from `minQuantity` units on, each unit costs `amount`. */
export type QuantityTier = { minQuantity: number; amount: number };

/** A price of a published (or being published) list, with its list's window. */
export type PriceCandidate = {
  id: string;
  priceListId: string;
  sku: string;
  currency: string;
  amount: number;
  channel: string | null;
  customerGroup: string | null;
  country: string | null;
  /** The price's own window; both null: undated. */
  validFrom: Date | null;
  validTo: Date | null;
  listValidFrom: Date | null;
  listValidTo: Date | null;
  quantityTiers: QuantityTier[];
};

/** Whether a price has a window of its own ("dated"), which beats an undated one at its level. */
export const isDated = (price: PriceCandidate) =>
  price.validFrom !== null || price.validTo !== null;

/** [from, to) where the price applies: its own window inside its list's. */
export function effectiveWindow(price: PriceCandidate): { from: Date | null; to: Date | null } {
  const later = (a: Date | null, b: Date | null) => (a === null ? b : b === null || a > b ? a : b);
  const earlier = (a: Date | null, b: Date | null) =>
    a === null ? b : b === null || a < b ? a : b;
  return {
    from: later(price.validFrom, price.listValidFrom),
    to: earlier(price.validTo, price.listValidTo),
  };
}

/** The per-unit amount for `quantity` units: the highest tier the quantity reaches, else the base. */
export function unitAmount(price: PriceCandidate, quantity: number): number {
  let amount = price.amount;
  let reached = 1;
  for (const tier of price.quantityTiers) {
    if (tier.minQuantity <= quantity && tier.minQuantity >= reached) {
      amount = tier.amount;
      reached = tier.minQuantity;
    }
  }
  return amount;
}
