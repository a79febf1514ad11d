import { createHash } from 'node:crypto';
import { formatMoney } from './money';
import type { CompiledPromotion } from './rule-registry';
import { stackPromotions, type StackResult } from './stacking';
import type { Cart, NotAppliedReason } from './types';

export type QuoteLine = {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  subtotal: number;
  /** The sum of the applied promotions' discounts on the line (each in `applied[].lineDiscounts`). */
  discount: number;
  total: number;
};

export type Quote = {
  channel: string;
  currency: string;
  at: string;
  customerId: string | null;
  /** In line id order, whatever the order of the request. */
  lines: QuoteLine[];
  gifts: { promotionId: string; sku: string; quantity: number }[];
  totals: {
    subtotal: number;
    discount: number;
    shipping: number;
    shippingDiscount: number;
    total: number;
  };
  applied: {
    promotionId: string;
    campaignId: string;
    name: string;
    amount: number;
    lineDiscount: number;
    /**
     * What it took off each line it touched, keyed by line id (lines it left alone are not
     * keys): each line's discounts are listed once, under the promotion that gave them.
     */
    lineDiscounts: Record<string, number>;
    shippingDiscount: number;
    /** Units sold at its flash price, present only for a promotion with a unit cap. */
    units?: number;
    explanation: string;
  }[];
  notApplied: {
    promotionId: string;
    campaignId: string;
    name: string;
    reason: NotAppliedReason;
    explanation: string;
  }[];
  fairness: {
    /** True when the member's own rules cost more than an anonymous buyer's, so those apply. */
    adjusted: boolean;
    explanation: string;
  };
  /** SHA-256 of everything above: the same input always gives the same hash. */
  hash: string;
};

/** A quote with its JSON: `body` is the quote without `hash`, the bytes the hash is taken of. */
export type QuoteWithJson = { quote: Quote; body: string };

/**
 * Quotes a cart: the promotions stacked for this customer, compared with the same cart for an
 * anonymous buyer at the same instant; a member never pays more than the anonymous total
 * (no 大數據殺熟). Pure: the same input gives the same output, byte for byte.
 */
export function quoteCart(promotions: readonly CompiledPromotion[], input: Cart): Quote {
  return quoteCartWithJson(promotions, input).quote;
}

/**
 * The quote and the JSON its hash is taken of, so an answer can be sent without serializing
 * the quote a second time.
 */
export function quoteCartWithJson(
  promotions: readonly CompiledPromotion[],
  input: Cart,
): QuoteWithJson {
  const cart = normalised(input);
  const member = stackPromotions(promotions, cart);
  const customer = cart.customer;
  const identified =
    customer.customerId !== undefined ||
    customer.tier !== undefined ||
    customer.segments.length > 0 ||
    customer.firstOrder;
  let chosen = member;
  let fairness: Quote['fairness'] = {
    adjusted: false,
    explanation: identified
      ? 'the customer pays no more than an anonymous buyer of the same cart'
      : 'anonymous buyer',
  };
  // Only a promotion whose conditions read the customer can make the member's cart differ from
  // an anonymous buyer's (those never hold for one): without one applied, the totals are equal.
  // Up to the first such promotion that applied, the anonymous buyer's stacking is the
  // member's, step for step; only the rest is run to learn the anonymous total, and the steps
  // before it only when that total is lower and becomes the quote (their explanations may
  // differ from the member's, as a skipped promotion that reads the customer says why).
  if (identified && member.customerStep !== undefined) {
    const anonymousCart: Cart = { ...cart, customer: { segments: [], firstOrder: false } };
    const memberTotal = totalOf(member);
    const rest = stackPromotions(promotions, anonymousCart, member.customerStep);
    const anonymousTotal = totalOf(rest);
    if (anonymousTotal < memberTotal) {
      const before = stackPromotions(
        promotions,
        anonymousCart,
        undefined,
        member.customerStep.index,
      );
      chosen = {
        lines: rest.lines,
        shipping: rest.shipping,
        applied: [...before.applied, ...rest.applied],
        notApplied: [...before.notApplied, ...rest.notApplied],
      };
      fairness = {
        adjusted: true,
        explanation: `the customer's promotions would total ${formatMoney(memberTotal, cart.currency)}, more than the ${formatMoney(anonymousTotal, cart.currency)} an anonymous buyer pays, so the anonymous promotions apply`,
      };
    }
  }
  const rendered = render(cart, chosen, fairness);
  const body = JSON.stringify(rendered);
  return { quote: { ...rendered, hash: createHash('sha256').update(body).digest('hex') }, body };
}

function normalised(cart: Cart): Cart {
  const lineIds = new Set(cart.lines.map((line) => line.lineId));
  if (lineIds.size !== cart.lines.length) throw new RangeError('line ids must be unique');
  const byKey =
    <T>(key: (item: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  return {
    ...cart,
    lines: [...cart.lines].sort(byKey((line) => line.lineId)),
    coupons: [...cart.coupons].sort(byKey((coupon) => coupon.code)),
    customer: { ...cart.customer, segments: [...cart.customer.segments].sort() },
  };
}

function totalOf(result: StackResult): number {
  return result.lines.reduce((sum, line) => sum + line.amount, 0) + result.shipping;
}

function render(cart: Cart, result: StackResult, fairness: Quote['fairness']): Omit<Quote, 'hash'> {
  const lines: QuoteLine[] = result.lines.map(({ line, amount }) => {
    const subtotal = line.unitPrice * line.quantity;
    return {
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal,
      discount: subtotal - amount,
      total: amount,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.subtotal, 0);
  const discount = lines.reduce((sum, line) => sum + line.discount, 0);
  const shippingDiscount = cart.shipping - result.shipping;
  return {
    channel: cart.channel,
    currency: cart.currency,
    at: cart.at,
    customerId: cart.customer.customerId ?? null,
    lines,
    gifts: result.applied.flatMap((applied) =>
      applied.gifts.map((gift) => ({
        promotionId: applied.promotion.id,
        sku: gift.sku,
        quantity: gift.quantity,
      })),
    ),
    totals: {
      subtotal,
      discount,
      shipping: cart.shipping,
      shippingDiscount,
      total: subtotal - discount + cart.shipping - shippingDiscount,
    },
    applied: result.applied.map((applied) => ({
      promotionId: applied.promotion.id,
      campaignId: applied.promotion.campaignId,
      name: applied.promotion.name,
      amount: applied.lineDiscount + applied.shippingDiscount,
      lineDiscount: applied.lineDiscount,
      lineDiscounts: byLineId(applied.lineDiscounts, result.lines),
      shippingDiscount: applied.shippingDiscount,
      ...(applied.promotion.unitsLeft === undefined ? {} : { units: applied.units }),
      explanation: applied.explanation,
    })),
    notApplied: result.notApplied.map((skipped) => ({
      promotionId: skipped.promotion.id,
      campaignId: skipped.promotion.campaignId,
      name: skipped.promotion.name,
      reason: skipped.reason,
      explanation: skipped.explanation,
    })),
    fairness,
  };
}

/** The non-zero line discounts keyed by line id. */
function byLineId(
  discounts: readonly number[],
  lines: readonly { line: { lineId: string } }[],
): Record<string, number> {
  const keyed: Record<string, number> = {};
  for (let index = 0; index < discounts.length; index++) {
    const amount = discounts[index]!;
    if (amount === 0) continue;
    const lineId = lines[index]!.line.lineId;
    // An assignment to `__proto__` would set the prototype instead of a key (JSON.stringify
    // is faster on a plain object than on one without a prototype, so it is kept plain).
    if (lineId === '__proto__')
      Object.defineProperty(keyed, lineId, { value: amount, enumerable: true, writable: true });
    else keyed[lineId] = amount;
  }
  return keyed;
}
