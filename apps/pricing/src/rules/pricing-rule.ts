import type { z } from 'zod';

/** What the feeds say about a SKU at the moment rules run. */
export type SkuSignals = {
  stock?: {
    available: number;
    onHand: number;
    reserved: number;
    inTransit: number;
    locations: number;
  };
  /** Units sold per day over the demand baseline window (orders). */
  dailySales?: number;
  demand?: {
    /** Views, cart additions and ordered units in the current hour. */
    current: { views: number; carts: number; orders: number };
    /** Hourly averages over the baseline window, excluding the current hour. */
    baseline: { views: number; carts: number; orders: number };
  };
  competitors: { competitor: string; amount: number; currency: string; observedAt: Date }[];
};

export type RuleInput = {
  sku: string;
  currency: string;
  /** The list price an anonymous buyer pays on the rule's channel, before any rule. */
  listPrice: number;
  signals: SkuSignals;
  at: Date;
};

/** A rule's proposal and why; undefined from `evaluate` means "no opinion: the list price stands". */
export type RuleProposal = { amount: number; explanation: string };

/**
 * A dynamic pricing rule: a code, typed arguments (validated when the rule is attached to a
 * SKU) and a pure evaluation. New rules are registered (default-rules.ts), never switched on.
 */
export type PricingRule<A = unknown> = {
  code: string;
  description: string;
  args: z.ZodType<A>;
  /** Reacts to feeds, so its changes are rate-limited; a planned rule (scheduled) is not. */
  reactive: boolean;
  evaluate(input: RuleInput, args: A): RuleProposal | undefined;
};

/** `amount` changed by `basisPoints` (negative: lower), rounded half up, in integer arithmetic. */
export function adjusted(amount: number, basisPoints: number): number {
  const scaled = BigInt(amount) * BigInt(10_000 + basisPoints);
  return Number((scaled + 5_000n) / 10_000n);
}

export const percent = (basisPoints: number) =>
  `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

/** Any registered rule, whatever its arguments (they are parsed by `args` before `evaluate`). */
export type RegisteredRule = Omit<PricingRule<never>, 'args'> & { args: z.ZodType };
