import { allocateLargestRemainder, mulDivRound } from '../engine';

/** A redemption's discount on one SKU of its order (every SKU of the order is listed, even at 0). */
export type RedemptionLine = { sku: string; quantity: number; discount: number };

/** A recorded redemption as a refund sees it: what it took and what was already given back. */
export type Releasable = {
  id: string;
  discount: number;
  released: number;
  lines: readonly RedemptionLine[];
};

/** One refund of an order: the money, and the units returned when the channel lists them. */
export type RefundFact = {
  amount: number;
  lines?: readonly { sku: string; quantity: number }[] | undefined;
};

/**
 * Whether the refunds so far return the whole order: their money reaches the order's total, or
 * the units they list cover every unit of every SKU ordered.
 */
export function isFullRefund(
  orderTotal: number,
  orderLines: readonly RedemptionLine[],
  refunds: readonly RefundFact[],
): boolean {
  if (refunds.reduce((sum, refund) => sum + refund.amount, 0) >= orderTotal) return true;
  if (orderLines.length === 0) return false;
  const returned = new Map<string, number>();
  for (const refund of refunds)
    for (const line of refund.lines ?? [])
      returned.set(line.sku, (returned.get(line.sku) ?? 0) + line.quantity);
  return orderLines.every((line) => (returned.get(line.sku) ?? 0) >= line.quantity);
}

/**
 * What one partial refund gives back of each redemption of its order, in integer minor units.
 * A refund that lists its units returns, per SKU, that share of the discounts given on the SKU
 * (rounded half up once per SKU); one that does not returns the share of the order total it
 * refunds. Each amount is split over the redemptions by largest remainder in proportion to what
 * they took, and never past what a redemption has left, so nothing is released twice.
 */
export function partialRelease(
  orderTotal: number,
  redemptions: readonly Releasable[],
  refund: RefundFact,
): Map<string, number> {
  const left = new Map(redemptions.map((row) => [row.id, row.discount - row.released]));
  const given = new Map(redemptions.map((row) => [row.id, 0]));
  const share = (amount: number, weights: { id: string; weight: number }[]) => {
    const entries = weights.map(({ id, weight }) => ({
      id,
      weight,
      cap: Math.max(0, Math.min(weight, left.get(id) ?? 0)),
    }));
    const capacity = entries.reduce((sum, entry) => sum + entry.cap, 0);
    for (const [id, part] of allocateLargestRemainder(Math.min(amount, capacity), entries)) {
      left.set(id, (left.get(id) ?? 0) - part);
      given.set(id, (given.get(id) ?? 0) + part);
    }
  };
  if (refund.lines !== undefined && refund.lines.length > 0) {
    const returned = new Map<string, number>();
    for (const line of refund.lines)
      returned.set(line.sku, (returned.get(line.sku) ?? 0) + line.quantity);
    for (const [sku, quantity] of [...returned].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const weights = redemptions.map((row) => ({
        id: row.id,
        weight: row.lines.find((line) => line.sku === sku)?.discount ?? 0,
      }));
      const ordered = redemptions
        .flatMap((row) => row.lines)
        .find((line) => line.sku === sku)?.quantity;
      const onSku = weights.reduce((sum, entry) => sum + entry.weight, 0);
      if (ordered === undefined || ordered === 0 || onSku === 0) continue;
      share(mulDivRound(onSku, Math.min(quantity, ordered), ordered), weights);
    }
    return given;
  }
  if (orderTotal <= 0) return given;
  const weights = redemptions.map((row) => ({ id: row.id, weight: row.discount }));
  const taken = weights.reduce((sum, entry) => sum + entry.weight, 0);
  share(mulDivRound(taken, Math.min(refund.amount, orderTotal), orderTotal), weights);
  return given;
}
