import { allocateInOrder, formatMoney } from './money';
import type { ActionEffect, EvaluationContext, LineView } from './promotion-rule';
import type { CompiledPromotion } from './rule-registry';
import type { Cart, CartLine, NotAppliedReason } from './types';

/** A line as promotions see it (a LineView) with what is left of it and its floor. */
type LineState = LineView & { line: CartLine; floorAmount: number };

/** The cart between promotions: line amounts left, shipping left, gifts so far. Never mutated. */
type CartState = {
  lines: readonly LineState[];
  /** The sum of the line amounts, kept with them. */
  subtotal: number;
  shipping: number;
};

export type AppliedPromotion = {
  promotion: CompiledPromotion;
  /** What it took off each line, in the cart's line order (line id order); 0 for none. */
  lineDiscounts: readonly number[];
  lineDiscount: number;
  shippingDiscount: number;
  gifts: readonly { sku: string; quantity: number }[];
  /** Units sold at its flash price (0 without one). */
  units: number;
  explanation: string;
};

export type SkippedPromotion = {
  promotion: CompiledPromotion;
  reason: NotAppliedReason;
  explanation: string;
};

export type StackResult = {
  lines: readonly LineState[];
  shipping: number;
  applied: readonly AppliedPromotion[];
  notApplied: readonly SkippedPromotion[];
  /** Where the first applied promotion that reads the customer was decided, if one applied. */
  customerStep?: StackPoint;
};

/** A place in the application order (an index) and the cart as it stood before that step. */
export type StackPoint = { readonly index: number; readonly state: CartState };

/** A promotion with a condition that reads the customer, which an anonymous buyer never meets. */
export const readsCustomer = (promotion: CompiledPromotion) =>
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
export function applicationOrder(
  promotions: readonly CompiledPromotion[],
): readonly CompiledPromotion[] {
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
 * and its lines and shipping are the cart's at the end. `to` stops before the step of that
 * index: a stacking to a step that no applied stop-after promotion precedes, followed by one
 * taken up there, lists the steps of the whole stacking.
 */
export function stackPromotions(
  promotions: readonly CompiledPromotion[],
  cart: Cart,
  from?: StackPoint,
  to?: number,
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

  const end = to === undefined ? order.length : Math.min(to, order.length);
  for (; step < end; step++) {
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
    shippingDiscount += outcome.shippingDiscount;
    units += effect.units ?? 0;
    if (effect.gifts !== undefined) gifts.push(...effect.gifts);
    reasons.push(effect.explanation);
  }
  // Every action only takes off (never adds back), so what the promotion took off a line is
  // what the line had before it less what it has after.
  const lineDiscounts = new Array<number>(start.lines.length);
  for (let index = 0; index < start.lines.length; index++)
    lineDiscounts[index] = start.lines[index]!.amount - state.lines[index]!.amount;
  const lineDiscount = start.subtotal - state.subtotal;
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
      lineDiscounts,
      lineDiscount,
      shippingDiscount,
      gifts,
      units,
      explanation: reasons.join('; '),
    },
  };
}

/** Clamps an action's wish to what the lines can give above their floors and books it. */
function applyEffect(
  effect: ActionEffect,
  state: CartState,
  allowBelowFloor: boolean,
): { state: CartState; shippingDiscount: number; limitedByFloor: boolean } {
  const lines = state.lines;
  const amounts = lines.map((entry) => entry.amount);
  const capOf = (index: number) =>
    Math.max(0, amounts[index]! - (allowBelowFloor ? 0 : lines[index]!.floorAmount));
  let limitedByFloor = false;
  let taken = 0;

  if (effect.lineDiscounts !== undefined)
    for (let index = 0; index < lines.length; index++) {
      const wanted = effect.lineDiscounts.get(lines[index]!.lineId);
      if (wanted === undefined || wanted <= 0) continue;
      const amount = Math.min(wanted, capOf(index));
      if (amount < wanted) limitedByFloor = true;
      amounts[index] = amounts[index]! - amount;
      taken += amount;
    }
  const order = effect.orderDiscount;
  if (order !== undefined && order.amount > 0) {
    // Undefined when the discount is over every line (an unscoped rule's usual target).
    const indexes = everyLine(order.lineIds, lines) ? undefined : indexesOf(order.lineIds, lines);
    const count = indexes === undefined ? lines.length : indexes.length;
    const weights = new Array<number>(count);
    const caps = new Array<number>(count);
    let capacity = 0;
    for (let at = 0; at < count; at++) {
      const index = indexes === undefined ? at : indexes[at]!;
      weights[at] = amounts[index]!;
      caps[at] = capOf(index);
      capacity += caps[at]!;
    }
    const amount = Math.min(order.amount, capacity);
    if (amount < order.amount) limitedByFloor = true;
    // The lines are in line id order, so the split's ties break by line id.
    const shares = allocateInOrder(amount, weights, caps);
    for (let at = 0; at < count; at++) {
      const index = indexes === undefined ? at : indexes[at]!;
      amounts[index] = amounts[index]! - shares[at]!;
    }
    taken += amount;
  }
  const shippingDiscount = Math.min(Math.max(0, effect.shippingDiscount ?? 0), state.shipping);
  return {
    state: {
      subtotal: state.subtotal - taken,
      lines:
        taken > 0
          ? lines.map((entry, index) =>
              amounts[index] === entry.amount ? entry : withAmount(entry, amounts[index]!),
            )
          : lines,
      shipping: state.shipping - shippingDiscount,
    },
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

/** The indexes of the lines with the given ids, in line order. */
function indexesOf(lineIds: readonly string[], lines: readonly LineState[]): number[] {
  const targets = new Set(lineIds);
  const indexes: number[] = [];
  for (let index = 0; index < lines.length; index++)
    if (targets.has(lines[index]!.lineId)) indexes.push(index);
  return indexes;
}

/** The ids are those of every line, in line order (an unscoped rule's usual target): no set is needed. */
function everyLine(lineIds: readonly string[], lines: readonly LineState[]): boolean {
  if (lineIds.length !== lines.length) return false;
  for (let index = 0; index < lines.length; index++)
    if (lineIds[index] !== lines[index]!.lineId) return false;
  return true;
}
