import { TIERS, type Tier } from '@omni/contracts';

/** What a tier gives; other services read it from customer.tier-changed. */
export type TierBenefits = {
  /** Earned points are multiplied by this percentage (Gold earns faster). */
  pointsMultiplierPercent: number;
  memberDiscount: boolean;
  birthdayGift: boolean;
  earlyAccess: boolean;
  priorityService: boolean;
};

/** What an assessment looks at over the rolling window. */
export type TierActivity = {
  /** Tier-qualifying points earned in the window. */
  points: number;
  /** Paid orders in the window. */
  orders: number;
  /** Reviews, store visits and service contacts in the window. */
  engagement: number;
};

export type TierWeights = { points: number; orders: number; engagement: number };

/** The least score of each tier above Regular, ascending. */
export type TierThresholds = { silver: number; gold: number; diamond: number };

export type TierPolicy = {
  windowDays: number;
  weights: TierWeights;
  thresholds: TierThresholds;
  benefits: Record<Tier, TierBenefits>;
};

/** From DOMAIN-FACTS: Silver member discount and priority service, Gold birthday gift and faster points, Diamond early access. */
export const DEFAULT_TIER_BENEFITS: Record<Tier, TierBenefits> = {
  regular: {
    pointsMultiplierPercent: 100,
    memberDiscount: false,
    birthdayGift: false,
    earlyAccess: false,
    priorityService: false,
  },
  silver: {
    pointsMultiplierPercent: 100,
    memberDiscount: true,
    birthdayGift: false,
    earlyAccess: false,
    priorityService: true,
  },
  gold: {
    pointsMultiplierPercent: 125,
    memberDiscount: true,
    birthdayGift: true,
    earlyAccess: false,
    priorityService: true,
  },
  diamond: {
    pointsMultiplierPercent: 150,
    memberDiscount: true,
    birthdayGift: true,
    earlyAccess: true,
    priorityService: true,
  },
};

export const DEFAULT_TIER_WEIGHTS: TierWeights = { points: 1, orders: 100, engagement: 20 };

/** About 2,000 CNY a year makes Silver, 8,000 Gold, 25,000 Diamond at 1 point per yuan. */
export const DEFAULT_TIER_THRESHOLDS: TierThresholds = {
  silver: 2_000,
  gold: 8_000,
  diamond: 25_000,
};

export const tierRank = (tier: Tier): number => TIERS.indexOf(tier);

export function tierScore(activity: TierActivity, weights: TierWeights): number {
  return (
    activity.points * weights.points +
    activity.orders * weights.orders +
    activity.engagement * weights.engagement
  );
}

/** The highest tier whose threshold the activity reaches. */
export function qualifiedTier(activity: TierActivity, policy: Omit<TierPolicy, 'benefits'>): Tier {
  const score = tierScore(activity, policy.weights);
  if (score >= policy.thresholds.diamond) return 'diamond';
  if (score >= policy.thresholds.gold) return 'gold';
  if (score >= policy.thresholds.silver) return 'silver';
  return 'regular';
}

export type TierDecision =
  | { change: false; tier: Tier }
  | { change: true; tier: Tier; previousTier: Tier; direction: 'up' | 'down' };

/**
 * On qualifying activity a customer only ever moves up, straight to the tier they qualify
 * for; at a scheduled assessment they may also move down, one tier at a time.
 */
export function decideTier(
  current: Tier,
  qualified: Tier,
  at: 'activity' | 'assessment',
): TierDecision {
  const diff = tierRank(qualified) - tierRank(current);
  if (diff > 0) return { change: true, tier: qualified, previousTier: current, direction: 'up' };
  if (diff < 0 && at === 'assessment') {
    return {
      change: true,
      tier: TIERS[tierRank(current) - 1],
      previousTier: current,
      direction: 'down',
    };
  }
  return { change: false, tier: current };
}
