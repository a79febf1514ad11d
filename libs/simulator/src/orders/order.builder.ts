import type { Money, OrderLine } from '@omni/contracts';
import type { Product } from '../config/simulation-config';

export interface OrderItem {
  readonly product: Product;
  readonly quantity: number;
  /** Unit price on the channel, in minor units. */
  readonly unitPrice: number;
}

export interface OrderRules {
  readonly currency: string;
  readonly freeShippingThreshold: number;
  readonly shippingFee: number;
}

export interface Coupon {
  readonly code: string;
  readonly threshold: number;
  readonly discount: number;
}

export interface PricedOrder {
  readonly lines: OrderLine[];
  readonly subtotal: Money;
  readonly discount: Money | undefined;
  readonly shipping: Money;
  readonly total: Money;
  readonly coupons: string[] | undefined;
}

/**
 * Splits `amount` over parts in proportion to `weights` so the shares add up exactly:
 * each part gets the floor of its exact share, and the units left over go to the parts with
 * the largest remainders (ties to the earlier part).
 */
export function allocateByLargestRemainder(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (weights.length === 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (amount * weight) / total);
  const shares = exact.map(Math.floor);
  let left = amount - shares.reduce((sum, share) => sum + share, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    shares[index] += 1;
    left -= 1;
  }
  return shares;
}

/**
 * Prices an order in minor units: line amounts, an optional threshold coupon split across the
 * lines by largest remainder, and shipping below the free-shipping threshold.
 */
export function priceOrder(
  items: readonly OrderItem[],
  rules: OrderRules,
  coupon: Coupon | undefined,
): PricedOrder {
  const money = (amount: number): Money => ({ amount, currency: rules.currency });
  const amounts = items.map((item) => item.unitPrice * item.quantity);
  const subtotal = amounts.reduce((sum, amount) => sum + amount, 0);
  const applies = coupon !== undefined && subtotal >= coupon.threshold;
  const discount = applies ? Math.min(coupon.discount, subtotal) : 0;
  const lineDiscounts = allocateByLargestRemainder(discount, amounts);
  const lines: OrderLine[] = items.map((item, index) => ({
    sku: item.product.sku,
    name: item.product.name,
    quantity: item.quantity,
    unitPrice: money(item.unitPrice),
    ...(lineDiscounts[index] > 0 ? { discount: money(lineDiscounts[index]) } : {}),
  }));
  const afterDiscount = subtotal - discount;
  const shipping = afterDiscount >= rules.freeShippingThreshold ? 0 : rules.shippingFee;
  return {
    lines,
    subtotal: money(subtotal),
    discount: applies ? money(discount) : undefined,
    shipping: money(shipping),
    total: money(afterDiscount + shipping),
    coupons: applies ? [coupon.code] : undefined,
  };
}
