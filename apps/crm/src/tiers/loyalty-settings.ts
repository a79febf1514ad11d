import { described, setting } from '@omni/config';
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
export const loyaltySettings = described(
  {
    points: {
      perCurrencyUnit: setting.int('CRM_POINTS_PER_CURRENCY_UNIT', 1, 0, 10_000),
      expiryMonths: setting.int('CRM_POINTS_EXPIRY_MONTHS', 12, 1, 120),
      reviewPoints: setting.int('CRM_REVIEW_POINTS', 50, 0, 100_000),
      clawback: setting.oneOf(
        'CRM_POINTS_CLAWBACK',
        ['negative-balance', 'capped'] as const satisfies readonly ClawbackPolicy[],
        'negative-balance',
      ),
      expiryIntervalMs: setting.int('CRM_POINTS_EXPIRY_INTERVAL_MS', 3_600_000, 0, 86_400_000),
    },
    tiers: {
      windowDays: setting.int('CRM_TIER_WINDOW_DAYS', 365, 1, 3_650),
      weights: setting.json(
        'CRM_TIER_WEIGHTS',
        weights,
        {},
        { example: '{"points":1,"orders":100,"engagement":20}' },
      ),
      thresholds: setting.json(
        'CRM_TIER_THRESHOLDS',
        thresholds,
        {},
        { example: '{"silver":2000,"gold":8000,"diamond":25000}' },
      ),
      benefits: setting.json(
        'CRM_TIER_BENEFITS',
        benefits,
        {},
        { example: '{"gold":{"pointsMultiplierPercent":130}}' },
      ),
      assessmentIntervalMs: setting.int(
        'CRM_TIER_ASSESSMENT_INTERVAL_MS',
        86_400_000,
        0,
        2_592_000_000,
      ),
    },
    traits: setting.json(
      'CRM_TRAIT_STRATEGIES',
      traitStrategies,
      {},
      { example: '{"city":"latest","birthday":"first"}' },
    ),
  },
  {
    CRM_POINTS_PER_CURRENCY_UNIT:
      'Points earned per whole unit of a paid order’s currency, before the tier multiplier',
    CRM_POINTS_EXPIRY_MONTHS:
      'A lot expires at the end of the month this many months after it was earned (UTC)',
    CRM_REVIEW_POINTS: 'Points for a review of an order the customer paid (once per order)',
    CRM_POINTS_CLAWBACK:
      'When refunded points were already spent: negative-balance (the balance goes below zero) or capped (take back only what is left, never below zero)',
    CRM_POINTS_EXPIRY_INTERVAL_MS:
      'How often expired lots are written off (ms); 0: only through POST /v1/points/expiry-runs',
    CRM_TIER_WINDOW_DAYS: 'Rolling window of tier assessment (days)',
    CRM_TIER_WEIGHTS:
      'JSON weights of the tier score: tier-qualifying points, paid orders and engagement events in the window; defaults {"points":1,"orders":100,"engagement":20}',
    CRM_TIER_THRESHOLDS:
      'JSON least score per tier; defaults {"silver":2000,"gold":8000,"diamond":25000}',
    CRM_TIER_BENEFITS:
      'JSON overrides of tier benefits (pointsMultiplierPercent, memberDiscount, birthdayGift, earlyAccess, priorityService); defaults in the README',
    CRM_TIER_ASSESSMENT_INTERVAL_MS:
      'How often every customer is assessed, which is when downgrades happen (ms); 0: only through POST /v1/tiers/assessments',
    CRM_TRAIT_STRATEGIES:
      'JSON merge strategy per trait: latest, first, max, sum or union (by event time); unlisted traits: latest',
  },
);
