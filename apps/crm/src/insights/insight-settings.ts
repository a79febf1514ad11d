import { env, setting } from '@omni/config';
import { z } from 'zod';
import { DEFAULT_CHURN_REASONS } from './churn-reasons';
import { DEFAULT_LIFECYCLE } from './lifecycle';

const days = z.number().min(0).max(3650);

/** RFM, lifecycle, churn reasons and CLV; see the README's Insights. */
export const insightSettings = {
  currency: setting(
    'CRM_CURRENCY',
    z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as CNY')
      .default('CNY'),
    'Currency of monetary RFM scores and CLV; orders paid in other currencies count for recency and frequency only',
  ),
  lifecycle: setting(
    'CRM_LIFECYCLE',
    env.json(
      z
        .strictObject({
          newDays: days,
          activeDays: days,
          churnAfterDays: days,
          churnShortDays: days,
          churnLongDays: days,
        })
        .refine((s) => s.activeDays <= s.churnAfterDays && s.churnShortDays <= s.churnLongDays, {
          message: 'expected activeDays <= churnAfterDays and churnShortDays <= churnLongDays',
        }),
      DEFAULT_LIFECYCLE,
    ),
    'JSON lifecycle thresholds in days since the last activity (event time); see the README',
  ),
  churnReasons: setting(
    'CRM_CHURN_REASONS',
    env.json(
      z.strictObject({
        order: z
          .array(z.enum(['price-sensitive', 'dissatisfied']))
          .min(1)
          .max(2),
        promotionShare: z.number().min(0).max(1),
        dissatisfactionSignals: z.int().min(1),
      }),
      DEFAULT_CHURN_REASONS,
    ),
    'JSON churn reason rules: the order they are tried in and their thresholds; see the README',
  ),
  assessor: {
    enabled: setting(
      'CRM_INSIGHTS_ASSESSOR_ENABLED',
      env.bool(true),
      'Whether this replica runs the scheduled assessment (RFM quintiles, lifecycle as time passes, CLV)',
    ),
    intervalMs: setting(
      'CRM_INSIGHTS_ASSESSMENT_INTERVAL_MS',
      env.int(3_600_000, 1_000, 86_400_000),
      'Time between scheduled assessments of every customer (ms)',
    ),
  },
};
