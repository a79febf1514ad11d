import { env, setting } from '@omni/config';
import { TIERS, type Tier } from '@omni/contracts';
import { z } from 'zod';
import type { ClawbackPolicy } from '../points/points-rules';
import { TRAIT_STRATEGIES, DEFAULT_TRAIT_STRATEGIES } from '../customers/trait-strategies';
import {
  DEFAULT_TIER_BENEFITS,
  DEFAULT_TIER_THRESHOLDS,
  DEFAULT_TIER_WEIGHTS,
  type TierBenefits,
} from './tier-rules';

const weight = z.number().min(0).max(1_000_000);

const weights = z
  .strictObject({
    points: weight.optional(),
    orders: weight.optional(),
    engagement: weight.optional(),
  })
  .transform((given) => ({ ...DEFAULT_TIER_WEIGHTS, ...given }));

const thresholds = z
  .strictObject({
    silver: z.int().min(1).optional(),
    gold: z.int().min(1).optional(),
    diamond: z.int().min(1).optional(),
  })
  .transform((given) => ({ ...DEFAULT_TIER_THRESHOLDS, ...given }))
  .refine(
    (t) => t.silver < t.gold && t.gold < t.diamond,
    'expected silver < gold < diamond once merged with the defaults (2000, 8000, 25000)',
  );

const benefitOverride = z.strictObject({
  pointsMultiplierPercent: z.int().min(0).max(1_000).optional(),
  memberDiscount: z.boolean().optional(),
  birthdayGift: z.boolean().optional(),
  earlyAccess: z.boolean().optional(),
  priorityService: z.boolean().optional(),
});

const benefits = z
  .partialRecord(z.enum(TIERS), benefitOverride)
  .transform(
    (given) =>
      Object.fromEntries(
        TIERS.map((tier) => [tier, { ...DEFAULT_TIER_BENEFITS[tier], ...given[tier] }]),
      ) as Record<Tier, TierBenefits>,
  );

const traitStrategies = z
  .record(z.string().min(1).max(64), z.enum(TRAIT_STRATEGIES))
  .transform((given) => ({ ...DEFAULT_TRAIT_STRATEGIES, ...given }));

/** crm-core's settings: points, tiers, trait merging and the scheduled runs. */
export const loyaltySettings = {
  points: {
    perCurrencyUnit: setting(
      'CRM_POINTS_PER_CURRENCY_UNIT',
      env.int(1, 0, 10_000),
      'Points earned per whole unit of a paid order’s currency, before the tier multiplier',
    ),
    expiryMonths: setting(
      'CRM_POINTS_EXPIRY_MONTHS',
      env.int(12, 1, 120),
      'A lot expires at the end of the month this many months after it was earned (UTC)',
    ),
    reviewPoints: setting(
      'CRM_REVIEW_POINTS',
      env.int(50, 0, 100_000),
      'Points for a review of an order the customer paid (once per order)',
    ),
    clawback: setting(
      'CRM_POINTS_CLAWBACK',
      env.oneOf(
        ['negative-balance', 'capped'] as const satisfies readonly ClawbackPolicy[],
        'negative-balance',
      ),
      'When refunded points were already spent: negative-balance (the balance goes below zero) or capped (take back only what is left, never below zero)',
    ),
    expiryIntervalMs: setting(
      'CRM_POINTS_EXPIRY_INTERVAL_MS',
      env.int(3_600_000, 0, 86_400_000),
      'How often expired lots are written off (ms); 0: only through POST /v1/points/expiry-runs',
    ),
  },
  tiers: {
    windowDays: setting(
      'CRM_TIER_WINDOW_DAYS',
      env.int(365, 1, 3_650),
      'Rolling window of tier assessment (days)',
    ),
    weights: setting(
      'CRM_TIER_WEIGHTS',
      env.json(weights, {}, { example: '{"points":1,"orders":100,"engagement":20}' }),
      'JSON weights of the tier score: tier-qualifying points, paid orders and engagement events in the window; defaults {"points":1,"orders":100,"engagement":20}',
    ),
    thresholds: setting(
      'CRM_TIER_THRESHOLDS',
      env.json(thresholds, {}, { example: '{"silver":2000,"gold":8000,"diamond":25000}' }),
      'JSON least score per tier; defaults {"silver":2000,"gold":8000,"diamond":25000}',
    ),
    benefits: setting(
      'CRM_TIER_BENEFITS',
      env.json(benefits, {}, { example: '{"gold":{"pointsMultiplierPercent":130}}' }),
      'JSON overrides of tier benefits (pointsMultiplierPercent, memberDiscount, birthdayGift, earlyAccess, priorityService); defaults in the README',
    ),
    assessmentIntervalMs: setting(
      'CRM_TIER_ASSESSMENT_INTERVAL_MS',
      env.int(86_400_000, 0, 2_592_000_000),
      'How often every customer is assessed, which is when downgrades happen (ms); 0: only through POST /v1/tiers/assessments',
    ),
  },
  traits: setting(
    'CRM_TRAIT_STRATEGIES',
    env.json(traitStrategies, {}, { example: '{"city":"latest","birthday":"first"}' }),
    'JSON merge strategy per trait: latest, first, max, sum or union (by event time); unlisted traits: latest',
  ),
};
