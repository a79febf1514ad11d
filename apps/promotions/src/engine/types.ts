import type { Tier } from '@omni/contracts';

/** One cart line as the engine sees it: prices already resolved, integer minor units. */
export type CartLine = {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  categories: readonly string[];
  /** The lowest unit price pricing allows for the SKU; absent means no floor but zero. */
  floorUnitPrice?: number;
};

/** Who is buying, from the crm read model; an anonymous buyer has none of it. */
export type CartCustomer = {
  customerId?: string;
  tier?: Tier;
  segments: readonly string[];
  /** True only when crm knows the customer and they have never ordered. */
  firstOrder: boolean;
};

export type Cart = {
  channel: string;
  currency: string;
  /** The instant the quote is for (ISO 8601); conditions on time read it, never the clock. */
  at: string;
  customer: CartCustomer;
  lines: readonly CartLine[];
  /** Coupon codes that the caller checked exist and are valid for this cart (a batch's unique codes carry it). */
  coupons: readonly { code: string; batchId?: string }[];
  shipping: number;
};

/** A condition or action as stored on a promotion: a registered code and its arguments. */
export type RuleRef = { code: string; args: unknown };

export type NotAppliedReason =
  | 'audience-mismatch'
  | 'below-threshold'
  | 'no-qualifying-items'
  | 'channel-mismatch'
  | 'currency-mismatch'
  | 'coupon-missing'
  | 'coupon-limit-reached'
  | 'outside-window'
  | 'budget-exhausted'
  | 'stopped-by-earlier-promotion'
  | 'lost-to-better-group-member'
  | 'floor-reached'
  | 'no-effect'
  | 'not-live';

/** Why the caller already knows a promotion cannot apply (its campaign, its budget, its coupon). */
export type Unavailability = {
  reason: Extract<
    NotAppliedReason,
    'budget-exhausted' | 'coupon-limit-reached' | 'outside-window' | 'not-live' | 'channel-mismatch'
  >;
  explanation: string;
};

export type PromotionDefinition = {
  id: string;
  campaignId: string;
  name: string;
  /** The currency of the amounts in its arguments; it applies only to carts in that currency. */
  currency: string;
  /** Higher applies first; equal priorities apply in promotion id order. */
  priority: number;
  conditions: readonly RuleRef[];
  actions: readonly RuleRef[];
  /** When it applies, no promotion after it is considered. */
  stopsFurtherPromotions?: boolean;
  /** Of the members of one group only the one that saves this cart the most applies. */
  exclusiveGroup?: string;
  /** The campaign explicitly allows selling below the SKU's floor (audited there). */
  allowBelowFloor?: boolean;
  /** What is left of the campaign budget; a discount that does not fit is not given. */
  budget?: { remainingAmount?: number; remainingRedemptions?: number };
  /** Units a flash price may still be given on (its cap less the units sold); absent: no cap. */
  unitsLeft?: number;
  unavailable?: Unavailability;
};
