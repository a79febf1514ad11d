// The quote engine as it was before the index-based stacking and the compact answer (ADR 0025),
// frozen: the oracle the property tests hold the engine to (same totals, line discounts,
// explanations and reasons for random carts and promotions). Only its stacking, its rendering
// and its largest-remainder split are here; the registered conditions and actions are shared.
import { createHash } from 'node:crypto';
import { formatMoney } from './money';
import type { ActionEffect, EvaluationContext, LineView } from './promotion-rule';
import type { CompiledPromotion } from './rule-registry';
import type { QuoteLine } from './quote';
import type { Cart, CartLine, NotAppliedReason } from './types';

type AllocationEntry = { id: string; weight: number; cap: number };

/**
 * Splits `total` across entries in proportion to their weights, never giving an entry more
 * than its cap, so that the shares add up exactly to `total` (which must not exceed the sum of
 * the caps). Largest remainder: each entry gets the floor of its exact share, and the units
 * left over go one each to the largest fractional parts, ties by id. An entry that would pass
 * its cap is fixed at the cap and the rest is split again among the others.
 */
function allocateLargestRemainder(
  total: number,
  entries: readonly AllocationEntry[],
): Map<string, number> {
  const capacity = entries.reduce((sum, entry) => sum + entry.cap, 0);
  if (!Number.isSafeInteger(total) || total < 0 || total > capacity)
    throw new RangeError(`cannot allocate ${total} over a capacity of ${capacity}`);
  const shares = new Map<string, number>();
  for (const entry of entries) shares.set(entry.id, 0);
  let open = entries.filter((entry) => entry.cap > 0);
  // Callers pass lines in line id order: sorting is then only a check.
  if (!inIdOrder(open)) open.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let remaining = total;
  while (remaining > 0) {
    const numberShares = exactInNumbers(remaining, open);
    if (numberShares !== undefined) {
      const overCap = open.filter((entry, index) => numberShares[index]! > entry.cap);
      if (overCap.length === 0) {
        open.forEach((entry, index) => shares.set(entry.id, numberShares[index]!));
        break;
      }
      for (const entry of overCap) {
        shares.set(entry.id, entry.cap);
        remaining -= entry.cap;
      }
      open = open.filter((entry) => !overCap.includes(entry));
      continue;
    }
    const weightSum = open.reduce((sum, entry) => sum + BigInt(entry.weight), 0n);
    // With no weight left, split evenly among the open entries.
    const weightOf = (entry: AllocationEntry) => (weightSum === 0n ? 1n : BigInt(entry.weight));
    const divisor = weightSum === 0n ? BigInt(open.length) : weightSum;
    const exact = open.map((entry) => {
      const numerator = BigInt(remaining) * weightOf(entry);
      return { entry, floor: numerator / divisor, fraction: numerator % divisor };
    });
    // The fractions add up to a whole number of units: fewer than the entries with a fraction.
    let leftover = BigInt(remaining) - exact.reduce((sum, share) => sum + share.floor, 0n);
    const byRemainder = [...exact].sort((a, b) =>
      a.fraction === b.fraction ? 0 : a.fraction > b.fraction ? -1 : 1,
    );
    const proposed = new Map<AllocationEntry, number>();
    for (const share of byRemainder) {
      const extra = leftover > 0n && share.fraction > 0n ? 1n : 0n;
      leftover -= extra;
      proposed.set(share.entry, Number(share.floor + extra));
    }
    const overCap = open.filter((entry) => (proposed.get(entry) ?? 0) > entry.cap);
    if (overCap.length === 0) {
      for (const entry of open) shares.set(entry.id, proposed.get(entry) ?? 0);
      break;
    }
    for (const entry of overCap) {
      shares.set(entry.id, entry.cap);
      remaining -= entry.cap;
    }
    open = open.filter((entry) => !overCap.includes(entry));
  }
  return shares;
}

function inIdOrder(entries: readonly AllocationEntry[]): boolean {
  for (let index = 1; index < entries.length; index++)
    if (entries[index - 1]!.id >= entries[index]!.id) return false;
  return true;
}

/**
 * The same largest-remainder shares in doubles, when every product stays below 2^53 (exact
 * integers): the common case, without BigInt's allocations. Undefined when it might not.
 */
function exactInNumbers(remaining: number, open: readonly AllocationEntry[]): number[] | undefined {
  let weightSum = 0;
  let maxWeight = 0;
  for (const entry of open) {
    weightSum += entry.weight;
    if (entry.weight > maxWeight) maxWeight = entry.weight;
  }
  const even = weightSum === 0;
  const divisor = even ? open.length : weightSum;
  if (
    remaining * (even ? 1 : maxWeight) > Number.MAX_SAFE_INTEGER ||
    weightSum > Number.MAX_SAFE_INTEGER
  )
    return undefined;
  const floors = new Array<number>(open.length);
  const fractions = new Array<number>(open.length);
  let given = 0;
  for (let index = 0; index < open.length; index++) {
    const numerator = remaining * (even ? 1 : open[index]!.weight);
    let floor = Math.floor(numerator / divisor);
    // The double quotient may round across an integer; the remainder puts it right.
    if (numerator - floor * divisor < 0) floor -= 1;
    else if (numerator - floor * divisor >= divisor) floor += 1;
    floors[index] = floor;
    fractions[index] = numerator - floor * divisor;
    given += floors[index]!;
  }
  let leftover = remaining - given;
  if (leftover > 0) {
    // Largest fraction first; ties keep id order (the entries are sorted by id).
    const order = open
      .map((_, index) => index)
      .sort((a, b) => fractions[b]! - fractions[a]! || a - b);
    for (const index of order) {
      if (leftover === 0) break;
      if (fractions[index]! === 0) continue;
      floors[index] = floors[index]! + 1;
      leftover -= 1;
    }
  }
  return floors;
}

/** A line as promotions see it (a LineView) with what is left of it and its floor. */
type LineState = LineView & { line: CartLine; floorAmount: number };

/** The cart between promotions: line amounts left, shipping left, gifts so far. Never mutated. */
type CartState = {
  lines: readonly LineState[];
  /** The sum of the line amounts, kept with them. */
  subtotal: number;
  shipping: number;
};

type AppliedPromotion = {
  promotion: CompiledPromotion;
  lineDiscounts: ReadonlyMap<string, number>;
  lineDiscount: number;
  shippingDiscount: number;
  gifts: readonly { sku: string; quantity: number }[];
  /** Units sold at its flash price (0 without one). */
  units: number;
  explanation: string;
};

type SkippedPromotion = {
  promotion: CompiledPromotion;
  reason: NotAppliedReason;
  explanation: string;
};

type StackResult = {
  lines: readonly LineState[];
  shipping: number;
  applied: readonly AppliedPromotion[];
  notApplied: readonly SkippedPromotion[];
  /** Where the first applied promotion that reads the customer was decided, if one applied. */
  customerStep?: StackPoint;
};

/** A place in the application order (an index) and the cart as it stood before that step. */
type StackPoint = { readonly index: number; readonly state: CartState };

/** A promotion with a condition that reads the customer, which an anonymous buyer never meets. */
const readsCustomer = (promotion: CompiledPromotion) =>
  promotion.conditions.some(({ rule }) => rule.readsCustomer === true);

type Attempt =
  | { kind: 'applied'; applied: AppliedPromotion; state: CartState }
  | { kind: 'skipped'; skipped: SkippedPromotion };

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const applyingOrder = (a: CompiledPromotion, b: CompiledPromotion) =>
  b.priority - a.priority || byId(a.id, b.id);

/**
 * Promotions in the order they apply: higher priority first, then promotion id. Live
 * promotions are kept in this order when they are loaded, so a quote only checks it.
 */
function applicationOrder(promotions: readonly CompiledPromotion[]): readonly CompiledPromotion[] {
  for (let index = 1; index < promotions.length; index++)
    if (applyingOrder(promotions[index - 1]!, promotions[index]!) > 0)
      return [...promotions].sort(applyingOrder);
  return promotions;
}

/**
 * Applies promotions to a cart whose lines are sorted by line id: each on what the earlier
 * ones left, an exclusive group resolved at its first member's place by the member that saves
 * the most (ties by id), everything after an applied stop-after promotion skipped. Pure.
 *
 * `from` takes up another stacking of the same promotions at one of its steps, for a cart
 * that would have come there the same way: the result then lists only the steps from there,
 * and its lines and shipping are the cart's at the end.
 */
export function referenceStackPromotions(
  promotions: readonly CompiledPromotion[],
  cart: Cart,
  from?: StackPoint,
): StackResult {
  const lines = cart.lines.map((line): LineState => ({
    lineId: line.lineId,
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    categories: line.categories,
    amount: line.unitPrice * line.quantity,
    line,
    floorAmount: (line.floorUnitPrice ?? 0) * line.quantity,
  }));
  let state: CartState = from?.state ?? {
    lines,
    subtotal: lines.reduce((sum, line) => sum + line.amount, 0),
    shipping: cart.shipping,
  };
  const applied: AppliedPromotion[] = [];
  const notApplied: SkippedPromotion[] = [];
  const order = applicationOrder(promotions);
  const groups = new Map<string, CompiledPromotion[]>();
  for (const promotion of order) {
    const group = promotion.exclusiveGroup;
    if (group === undefined) continue;
    const members = groups.get(group);
    if (members === undefined) groups.set(group, [promotion]);
    else members.push(promotion);
  }
  const start = from?.index ?? 0;
  // A group is resolved at its first member's place: those before the start are behind us.
  const resolvedGroups = new Set<string>();
  for (let index = 0; index < start; index++) {
    const group = order[index]!.exclusiveGroup;
    if (group !== undefined) resolvedGroups.add(group);
  }
  let stoppedBy: CompiledPromotion | undefined;
  let customerStep: StackPoint | undefined;
  let step = start;

  const stopped = (promotion: CompiledPromotion): SkippedPromotion => ({
    promotion,
    reason: 'stopped-by-earlier-promotion',
    explanation: `${stoppedBy!.id} (${stoppedBy!.name}) applied and stops the promotions after it`,
  });
  const commit = (attempt: Extract<Attempt, { kind: 'applied' }>) => {
    applied.push(attempt.applied);
    if (customerStep === undefined && readsCustomer(attempt.applied.promotion))
      customerStep = { index: step, state };
    state = attempt.state;
    if (attempt.applied.promotion.stopsFurtherPromotions === true)
      stoppedBy = attempt.applied.promotion;
  };

  for (; step < order.length; step++) {
    const promotion = order[step]!;
    const group = promotion.exclusiveGroup;
    if (group === undefined) {
      if (stoppedBy !== undefined) {
        notApplied.push(stopped(promotion));
        continue;
      }
      const attempt = attemptPromotion(promotion, cart, state);
      if (attempt.kind === 'applied') commit(attempt);
      else notApplied.push(attempt.skipped);
      continue;
    }
    if (resolvedGroups.has(group)) continue;
    resolvedGroups.add(group);
    const members = groups.get(group)!;
    if (stoppedBy !== undefined) {
      notApplied.push(...members.map(stopped));
      continue;
    }
    const attempts = members.map((member) => attemptPromotion(member, cart, state));
    const best = attempts
      .filter(
        (attempt): attempt is Extract<Attempt, { kind: 'applied' }> => attempt.kind === 'applied',
      )
      .sort(
        (a, b) =>
          valueOf(b.applied) - valueOf(a.applied) ||
          byId(a.applied.promotion.id, b.applied.promotion.id),
      )[0];
    for (const attempt of attempts) {
      if (attempt.kind === 'skipped') notApplied.push(attempt.skipped);
      else if (attempt !== best)
        notApplied.push({
          promotion: attempt.applied.promotion,
          reason: 'lost-to-better-group-member',
          explanation: `group ${group}: ${best!.applied.promotion.id} saves ${formatMoney(valueOf(best!.applied), cart.currency)}, this one ${formatMoney(valueOf(attempt.applied), cart.currency)}`,
        });
    }
    if (best !== undefined) commit(best);
  }
  return {
    lines: state.lines,
    shipping: state.shipping,
    applied,
    notApplied,
    ...(customerStep === undefined ? {} : { customerStep }),
  };
}

const valueOf = (applied: AppliedPromotion) => applied.lineDiscount + applied.shippingDiscount;

function contextOf(cart: Cart, state: CartState, unitsLeft?: number): EvaluationContext {
  return {
    cart,
    lines: state.lines,
    subtotal: state.subtotal,
    shipping: state.shipping,
    unitsLeft,
  };
}

/** What one promotion does to the cart as it stands, or why it does nothing. */
function attemptPromotion(promotion: CompiledPromotion, cart: Cart, start: CartState): Attempt {
  const skip = (reason: NotAppliedReason, explanation: string): Attempt => ({
    kind: 'skipped',
    skipped: { promotion, reason, explanation },
  });
  if (promotion.unavailable !== undefined)
    return skip(promotion.unavailable.reason, promotion.unavailable.explanation);
  if (promotion.currency !== cart.currency)
    return skip(
      'currency-mismatch',
      `priced in ${promotion.currency}, the cart is in ${cart.currency}`,
    );
  if (
    promotion.budget?.remainingRedemptions !== undefined &&
    promotion.budget.remainingRedemptions <= 0
  )
    return skip('budget-exhausted', 'the campaign has no redemptions left');
  if (promotion.unitsLeft !== undefined && promotion.unitsLeft <= 0)
    return skip('budget-exhausted', 'every flash unit of the promotion is sold');

  const reasons: string[] = [];
  const startContext = contextOf(cart, start);
  for (const { rule, args } of promotion.conditions) {
    const result = rule.check(startContext, args as never);
    if (!result.ok) return skip(result.reason, `${rule.code}: ${result.explanation}`);
    reasons.push(result.explanation);
  }

  let state = start;
  const lineDiscounts = new Map<string, number>();
  const gifts: { sku: string; quantity: number }[] = [];
  let shippingDiscount = 0;
  let units = 0;
  let limitedByFloor = false;
  let unmet: ActionEffect['unmet'];
  for (const { rule, args } of promotion.actions) {
    const unitsLeft =
      promotion.unitsLeft === undefined ? undefined : Math.max(0, promotion.unitsLeft - units);
    const effect = rule.apply(contextOf(cart, state, unitsLeft), args as never);
    const outcome = applyEffect(effect, state, promotion.allowBelowFloor === true);
    state = outcome.state;
    limitedByFloor ||= outcome.limitedByFloor;
    unmet ??= effect.unmet;
    for (const [lineId, amount] of outcome.lineDiscounts)
      if (amount > 0) lineDiscounts.set(lineId, (lineDiscounts.get(lineId) ?? 0) + amount);
    shippingDiscount += outcome.shippingDiscount;
    units += effect.units ?? 0;
    gifts.push(...(effect.gifts ?? []));
    reasons.push(effect.explanation);
  }
  let lineDiscount = 0;
  for (const amount of lineDiscounts.values()) lineDiscount += amount;
  const total = lineDiscount + shippingDiscount;
  if (total === 0 && gifts.length === 0) {
    if (limitedByFloor)
      return skip(
        'floor-reached',
        `${reasons.join('; ')}; every line is already at its price floor`,
      );
    return skip(unmet ?? 'no-effect', reasons.join('; '));
  }
  const remaining = promotion.budget?.remainingAmount;
  if (remaining !== undefined && total > remaining)
    return skip(
      'budget-exhausted',
      `would take ${formatMoney(total, cart.currency)} off, the campaign budget has ${formatMoney(remaining, cart.currency)} left`,
    );
  if (limitedByFloor) reasons.push('limited to what the lines have left above their price floors');
  return {
    kind: 'applied',
    state,
    applied: {
      promotion,
      lineDiscounts: inLineOrder(lineDiscounts, start.lines),
      lineDiscount,
      shippingDiscount,
      gifts,
      units,
      explanation: reasons.join('; '),
    },
  };
}

/** The discounts in line id order (the lines are sorted), whatever order the actions gave them in. */
function inLineOrder(
  discounts: ReadonlyMap<string, number>,
  lines: readonly LineState[],
): Map<string, number> {
  const ordered = new Map<string, number>();
  if (discounts.size === 0) return ordered;
  for (const line of lines) {
    const amount = discounts.get(line.lineId);
    if (amount !== undefined) ordered.set(line.lineId, amount);
  }
  return ordered;
}

/** Clamps an action's wish to what the lines can give above their floors and books it. */
function applyEffect(
  effect: ActionEffect,
  state: CartState,
  allowBelowFloor: boolean,
): {
  state: CartState;
  lineDiscounts: Map<string, number>;
  shippingDiscount: number;
  limitedByFloor: boolean;
} {
  const lines = state.lines;
  const amounts = lines.map((entry) => entry.amount);
  const capOf = (index: number) =>
    Math.max(0, amounts[index]! - (allowBelowFloor ? 0 : lines[index]!.floorAmount));
  const given = new Map<string, number>();
  let limitedByFloor = false;
  const give = (index: number, amount: number) => {
    if (amount === 0) return;
    amounts[index] = amounts[index]! - amount;
    const lineId = lines[index]!.lineId;
    given.set(lineId, (given.get(lineId) ?? 0) + amount);
  };

  if (effect.lineDiscounts !== undefined)
    for (let index = 0; index < lines.length; index++) {
      const wanted = effect.lineDiscounts.get(lines[index]!.lineId);
      if (wanted === undefined || wanted <= 0) continue;
      const amount = Math.min(wanted, capOf(index));
      if (amount < wanted) limitedByFloor = true;
      give(index, amount);
    }
  const order = effect.orderDiscount;
  if (order !== undefined && order.amount > 0) {
    const indexes: number[] = [];
    if (everyLine(order.lineIds, lines))
      for (let index = 0; index < lines.length; index++) indexes.push(index);
    else {
      const targets = new Set(order.lineIds);
      for (let index = 0; index < lines.length; index++)
        if (targets.has(lines[index]!.lineId)) indexes.push(index);
    }
    const entries = indexes.map((index) => ({
      id: lines[index]!.lineId,
      weight: amounts[index]!,
      cap: capOf(index),
    }));
    const capacity = entries.reduce((sum, entry) => sum + entry.cap, 0);
    const amount = Math.min(order.amount, capacity);
    if (amount < order.amount) limitedByFloor = true;
    const shares = allocateLargestRemainder(amount, entries);
    for (const index of indexes) give(index, shares.get(lines[index]!.lineId) ?? 0);
  }
  const shippingDiscount = Math.min(Math.max(0, effect.shippingDiscount ?? 0), state.shipping);
  const changed = given.size > 0;
  let taken = 0;
  for (const amount of given.values()) taken += amount;
  return {
    state: {
      subtotal: state.subtotal - taken,
      lines: changed
        ? lines.map((entry, index) =>
            amounts[index] === entry.amount ? entry : withAmount(entry, amounts[index]!),
          )
        : lines,
      shipping: state.shipping - shippingDiscount,
    },
    lineDiscounts: given,
    shippingDiscount,
    limitedByFloor,
  };
}

/** A line with another running amount: spelled out, as a spread of its fields costs several times more. */
function withAmount(entry: LineState, amount: number): LineState {
  return {
    lineId: entry.lineId,
    sku: entry.sku,
    quantity: entry.quantity,
    unitPrice: entry.unitPrice,
    categories: entry.categories,
    amount,
    line: entry.line,
    floorAmount: entry.floorAmount,
  };
}

/** The ids are those of every line, in line order (an unscoped rule's usual target): no set is needed. */
function everyLine(lineIds: readonly string[], lines: readonly LineState[]): boolean {
  if (lineIds.length !== lines.length) return false;
  for (let index = 0; index < lines.length; index++)
    if (lineIds[index] !== lines[index]!.lineId) return false;
  return true;
}

/** A line as the engine quotes it, with the discount of each promotion on it. */
export type ReferenceQuoteLine = QuoteLine & {
  discounts: { promotionId: string; amount: number }[];
};

export type ReferenceQuote = {
  channel: string;
  currency: string;
  at: string;
  customerId: string | null;
  /** In line id order, whatever the order of the request. */
  lines: ReferenceQuoteLine[];
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
type QuoteWithJson = { quote: ReferenceQuote; body: string };

/**
 * Quotes a cart: the promotions stacked for this customer, compared with the same cart for an
 * anonymous buyer at the same instant; a member never pays more than the anonymous total
 * (no 大數據殺熟). Pure: the same input gives the same output, byte for byte.
 */
export function referenceQuoteCart(
  promotions: readonly CompiledPromotion[],
  input: Cart,
): ReferenceQuote {
  return quoteCartWithJson(promotions, input).quote;
}

/**
 * The quote and the JSON its hash is taken of, so an answer can be sent without serializing
 * the quote a second time.
 */
function quoteCartWithJson(promotions: readonly CompiledPromotion[], input: Cart): QuoteWithJson {
  const cart = normalised(input);
  const member = referenceStackPromotions(promotions, cart);
  const customer = cart.customer;
  const identified =
    customer.customerId !== undefined ||
    customer.tier !== undefined ||
    customer.segments.length > 0 ||
    customer.firstOrder;
  let chosen = member;
  let fairness: ReferenceQuote['fairness'] = {
    adjusted: false,
    explanation: identified
      ? 'the customer pays no more than an anonymous buyer of the same cart'
      : 'anonymous buyer',
  };
  // Only a promotion whose conditions read the customer can make the member's cart differ from
  // an anonymous buyer's (those never hold for one): without one applied, the totals are equal.
  // Up to the first such promotion that applied, the anonymous buyer's stacking is the
  // member's, step for step; only the rest is run to learn the anonymous total, and the whole
  // of it only when that total is lower and becomes the quote.
  if (identified && member.customerStep !== undefined) {
    const anonymousCart: Cart = { ...cart, customer: { segments: [], firstOrder: false } };
    const memberTotal = totalOf(member);
    const anonymousTotal = totalOf(
      referenceStackPromotions(promotions, anonymousCart, member.customerStep),
    );
    if (anonymousTotal < memberTotal) {
      chosen = referenceStackPromotions(promotions, anonymousCart);
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

function render(
  cart: Cart,
  result: StackResult,
  fairness: ReferenceQuote['fairness'],
): Omit<ReferenceQuote, 'hash'> {
  const lines: ReferenceQuoteLine[] = result.lines.map(({ line, amount }) => {
    const discounts: ReferenceQuoteLine['discounts'] = [];
    for (const applied of result.applied) {
      const discount = applied.lineDiscounts.get(line.lineId);
      if (discount !== undefined)
        discounts.push({ promotionId: applied.promotion.id, amount: discount });
    }
    const subtotal = line.unitPrice * line.quantity;
    return {
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal,
      discounts,
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
