import { z } from 'zod';
import type { Cart, NotAppliedReason } from './types';

/** A cart line as conditions and actions see it: `amount` is what is left after earlier discounts. */
export type LineView = Readonly<{
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  categories: readonly string[];
  amount: number;
}>;

/** The cart at the moment a promotion is evaluated: lines in line id order, running amounts. */
export type EvaluationContext = Readonly<{
  cart: Cart;
  lines: readonly LineView[];
  /** The running subtotal: the line amounts after the promotions before this one. */
  subtotal: number;
  /** The shipping still charged after earlier promotions. */
  shipping: number;
  /** The flash units the promotion being evaluated has left, when it has a unit cap. */
  unitsLeft?: number | undefined;
}>;

export type ConditionResult =
  { ok: true; explanation: string } | { ok: false; reason: NotAppliedReason; explanation: string };

/**
 * A promotion condition: a code, typed arguments (validated when a promotion is saved) and a
 * pure check that says whether it holds for this cart and why. Registered, never switched on.
 */
export type PromotionCondition<A = unknown> = {
  code: string;
  description: string;
  /**
   * It reads `cart.customer`. Such a condition must never hold for an anonymous buyer (no id,
   * tier or segments, not a first order): the quote then skips the anonymous fairness pass when
   * no promotion it applied has one, as that pass could only give the same total.
   */
  readsCustomer?: true;
  args: z.ZodType<A>;
  check(context: EvaluationContext, args: A): ConditionResult;
};

/** What an action asks for; the engine then clamps it to floors and splits it across lines. */
export type ActionEffect = {
  /** Discount wanted per line id, each at line level (already rounded once). */
  lineDiscounts?: ReadonlyMap<string, number>;
  /** One amount off the given lines together, split by largest remainder. */
  orderDiscount?: { amount: number; lineIds: readonly string[] };
  gifts?: readonly { sku: string; quantity: number }[];
  shippingDiscount?: number;
  /** Units given a capped (flash) price: they count against the promotion's unit cap. */
  units?: number;
  /** Why an action that takes nothing off did not (default `no-effect`). */
  unmet?: Extract<NotAppliedReason, 'below-threshold' | 'no-qualifying-items'>;
  explanation: string;
};

/** A promotion action: a code, typed arguments and a pure computation of what it takes off. */
export type PromotionAction<A = unknown> = {
  code: string;
  description: string;
  args: z.ZodType<A>;
  apply(context: EvaluationContext, args: A): ActionEffect;
};

/** Any registered rule, whatever its arguments (parsed by `args` before use). */
export type RegisteredCondition = Omit<PromotionCondition<never>, 'args'> & { args: z.ZodType };
export type RegisteredAction = Omit<PromotionAction<never>, 'args'> & { args: z.ZodType };

/** Money in an argument: integer minor units. */
export const amountArg = z.number().int().min(0).max(1_000_000_000_000);
export const positiveAmountArg = amountArg.min(1);

/** Which lines a rule looks at: listed SKUs or categories, or every line when both are absent. */
export const scopeArgs = {
  skus: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
  categories: z.array(z.string().min(1).max(200)).min(1).max(200).optional(),
};

export type Scope = {
  skus?: readonly string[] | undefined;
  categories?: readonly string[] | undefined;
};

// Rule arguments are parsed once per promotion and then read by every quote, so what a scope
// derives from its lists (a set to test lines against, the text of an explanation) is kept
// with the list itself, computed on first use.
const listSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const listTexts = new WeakMap<readonly string[], string>();

/** A scope list up to this long is named in full in an explanation. */
export const SCOPE_ENTRIES_NAMED_IN_FULL = 5;
/** A longer one is named by its first few entries and how many more it has. */
export const SCOPE_ENTRIES_NAMED_OF_LONG_LISTS = 3;

function setOf(list: readonly string[]): ReadonlySet<string> {
  let set = listSets.get(list);
  if (set === undefined) {
    set = new Set(list);
    listSets.set(list, set);
  }
  return set;
}

/** "A, B, C" for a short list; "A, B, C and 997 more" for a long one. */
function textOf(list: readonly string[]): string {
  let text = listTexts.get(list);
  if (text === undefined) {
    text =
      list.length <= SCOPE_ENTRIES_NAMED_IN_FULL
        ? list.join(', ')
        : `${list.slice(0, SCOPE_ENTRIES_NAMED_OF_LONG_LISTS).join(', ')} and ${list.length - SCOPE_ENTRIES_NAMED_OF_LONG_LISTS} more`;
    listTexts.set(list, text);
  }
  return text;
}

const unscoped = (scope: Scope) => scope.skus === undefined && scope.categories === undefined;

export function inScope(line: LineView, scope: Scope): boolean {
  if (unscoped(scope)) return true;
  if (scope.skus !== undefined && setOf(scope.skus).has(line.sku)) return true;
  if (scope.categories === undefined) return false;
  const categories = setOf(scope.categories);
  return line.categories.some((category) => categories.has(category));
}

/** The lines a rule looks at, in line id order: the cart's own list when it has no scope. */
export function scopedLines(context: EvaluationContext, scope: Scope): readonly LineView[] {
  return unscoped(scope) ? context.lines : context.lines.filter((line) => inScope(line, scope));
}

/**
 * A scope for people: "the cart", or its SKUs and categories, a long list by its first entries
 * and its size ("SKUs A, B, C and 997 more"), so an explanation stays short whatever the list.
 */
export function describeScope(scope: Scope): string {
  if (unscoped(scope)) return 'the cart';
  const skus = scope.skus === undefined ? undefined : `SKUs ${textOf(scope.skus)}`;
  const categories =
    scope.categories === undefined ? undefined : `categories ${textOf(scope.categories)}`;
  return skus === undefined
    ? categories!
    : categories === undefined
      ? skus
      : `${skus} or ${categories}`;
}

/**
 * The cart lines a scoped rule matched, with its scope: "lines L1, L4 (SKUs A, B, C and 27
 * more)", "no line (SKUs …)"; "the cart" for a rule without a scope.
 */
export function describeScopedLines(lines: readonly LineView[], scope: Scope): string {
  if (unscoped(scope)) return 'the cart';
  const matched =
    lines.length === 0
      ? 'no line'
      : `${lines.length === 1 ? 'line' : 'lines'} ${lines.map((line) => line.lineId).join(', ')}`;
  return `${matched} (${describeScope(scope)})`;
}

export function sumAmounts(lines: readonly LineView[]): number {
  return lines.reduce((sum, line) => sum + line.amount, 0);
}

/** Basis points as a percentage for people: 1000 → "10%", 1250 → "12.5%". */
export function percentText(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction === '' ? `${whole}%` : `${whole}.${fraction}%`;
}
