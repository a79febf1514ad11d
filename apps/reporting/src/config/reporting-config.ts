import { env, setting } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import { z } from 'zod';
import { HEALTH_METRICS, weightProblem } from '../channel-decisions/channel-rules';
import { service } from '../service';

const channelNumbers = (fallback: string, min: number, max: number) =>
  z
    .string()
    .default(fallback)
    .transform((text) =>
      Object.fromEntries(
        text
          .split(',')
          .map((pair) => pair.trim())
          .filter((pair) => pair !== '')
          .map((pair) => {
            const [channel, value] = pair.split(':');
            return [channel.trim(), Number(value)];
          }),
      ),
    )
    .refine(
      (map) =>
        'default' in map &&
        Object.values(map).every((v) => Number.isFinite(v) && v >= min && v <= max),
      `expected channel:number pairs with a default, each between ${min} and ${max}, e.g. default:1,douyin:1.5`,
    );

const healthWeights = env.json(
  z
    .record(z.string(), z.record(z.enum(HEALTH_METRICS), z.number()))
    .refine((byType) => 'default' in byType, 'expected weights for "default"')
    .superRefine((byType, ctx) => {
      for (const [type, weights] of Object.entries(byType)) {
        const problem = weightProblem(weights);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `${type}: ${problem}` });
      }
    }),
  {
    default: {
      sales: 0.3,
      salesShare: 0.1,
      customers: 0.2,
      grossMargin: 0.2,
      csat: 0.1,
      partnerRelations: 0.1,
    },
  },
);

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as CNY')
  .default('CNY');

/** The settings of reporting, parsed once in main.ts; its features add theirs here. */
export const reportingConfig = defineServiceConfig(service, {
  consumerGroup: setting(
    'REPORTING_CONSUMER_GROUP',
    env.string(service.name),
    'The consumer group of every reporting handler; redemptions are read by <group>.redemptions, so their transactions never mix with resolved events',
  ),
  topics: {
    resolvedEvents: setting(
      'REPORTING_RESOLVED_EVENTS_TOPIC',
      env.string(TOPICS.identityResolvedEvents.name),
      'Topic of identity-resolved channel events and reference feeds',
    ),
    profileChanges: setting(
      'REPORTING_PROFILE_CHANGES_TOPIC',
      env.string(TOPICS.identityProfileChanges.name),
      'Topic of profile merges, splits and erasures',
    ),
    redemptions: setting(
      'REPORTING_REDEMPTIONS_TOPIC',
      env.string(TOPICS.promotionsRedemptions.name),
      "Topic of promotions' redemption.recorded and redemption.released (the discounts KPI)",
    ),
    offers: setting(
      'REPORTING_OFFERS_TOPIC',
      env.string(TOPICS.promotionsOffers.name),
      "Topic of promotions' offer.issued (per-promotion conversion, A/B exposures of offer variants)",
    ),
    priceChanges: setting(
      'REPORTING_PRICE_CHANGES_TOPIC',
      env.string(TOPICS.pricingPriceChanges.name),
      "Topic of pricing's events; price.consistency-breached is raised as an alert",
    ),
    alerts: setting(
      'REPORTING_ALERTS_TOPIC',
      env.string(TOPICS.reportingAlerts.name),
      'Topic reporting publishes alert.raised to',
    ),
    channelDecisions: setting(
      'REPORTING_CHANNEL_DECISIONS_TOPIC',
      env.string(TOPICS.reportingChannelDecisions.name),
      'Topic reporting publishes channel.decided to, once per decision and revision',
    ),
  },
  consumer: {
    batchSize: setting(
      'REPORTING_BATCH_SIZE',
      env.int(1_000, 1, 100_000),
      'Resolved events applied in one transaction (bucket counters are summed per batch first)',
    ),
    partitionsConcurrently: setting(
      'REPORTING_PARTITIONS_CONCURRENTLY',
      env.int(3, 1, 64),
      'Partitions of the resolved-events topic one replica consumes at once; their ready batches commit in one transaction',
    ),
    offsetCommitIntervalMs: setting(
      'REPORTING_OFFSET_COMMIT_INTERVAL_MS',
      env.int(1_000, 0, 60_000),
      'Least time between Kafka offset commits of resolved events (ms); uncommitted offsets are redelivered and the inbox skips them',
    ),
  },
  kpis: {
    currency: setting(
      'REPORTING_CURRENCY',
      currency,
      'Currency money KPIs are summed in; orders in another currency are counted but not summed',
    ),
    paidMedia: setting(
      'REPORTING_PAID_MEDIA',
      env.list('cpc,cpm,cpa,cpv,paid,paid-social,display,affiliate'),
      'Touch media (utm_medium) that count as paid; a touch with a cost is paid too; the rest is organic',
    ),
    maxBuckets: setting(
      'REPORTING_KPI_MAX_BUCKETS',
      env.int(5_000, 1, 1_000_000),
      'Most time buckets one GET /v1/kpis may span (range ÷ interval)',
    ),
  },
  funnels: {
    windowMinutes: setting(
      'REPORTING_FUNNEL_WINDOW_MINUTES',
      env.int(10_080, 1, 525_600),
      'Default conversion window of a funnel, from its first step (minutes; 7 days)',
    ),
    maxCustomers: setting(
      'REPORTING_FUNNEL_MAX_CUSTOMERS',
      env.int(500_000, 1, 10_000_000),
      'Most customers one funnel or retention query may cover; a larger range is refused',
    ),
  },
  experiments: {
    minSample: setting(
      'REPORTING_AB_MIN_SAMPLE',
      env.int(100, 2, 100_000_000),
      'Fewest exposed customers per variant before a read-out draws conclusions ("insufficient sample" below)',
    ),
    confidence: setting(
      'REPORTING_AB_CONFIDENCE',
      z.coerce.number().gt(0.5).lt(1).default(0.95),
      'Confidence level of intervals; a difference is significant when p < 1 − confidence',
    ),
    srmAlpha: setting(
      'REPORTING_AB_SRM_ALPHA',
      z.coerce.number().gt(0).lt(0.5).default(0.001),
      'p-value below which exposure counts are flagged as a sample-ratio mismatch',
    ),
  },
  reviews: {
    negativeMaxRating: setting(
      'REPORTING_NEGATIVE_REVIEW_MAX_RATING',
      env.int(2, 1, 4),
      'Highest review.submitted rating (1–5) counted as a negative review (the negativeReviews KPI)',
    ),
    defaultAnomalyRule: setting(
      'REPORTING_NEGATIVE_REVIEW_ALERT',
      env.bool(true),
      'Whether the built-in anomaly rule on negativeReviews (per hour, all channels) is on; false turns it off',
    ),
    anomalyBandWidth: setting(
      'REPORTING_NEGATIVE_REVIEW_ALERT_BAND',
      z.coerce.number().gt(0).max(100).default(3),
      'Standard deviations around the mean of the same hour on the 7 earlier days beyond which the built-in rule raises',
    ),
  },
  alerts: {
    evaluationIntervalMs: setting(
      'REPORTING_ALERT_EVALUATION_MS',
      env.int(60_000, 0, 86_400_000),
      'How often alert rules are evaluated on the latest closed window (ms; 0 turns evaluation off)',
    ),
    graceMs: setting(
      'REPORTING_ALERT_GRACE_MS',
      env.int(300_000, 0, 86_400_000),
      'How long after a window ends it counts as closed, so late events are in (ms)',
    ),
    escalateAfterMinutes: setting(
      'REPORTING_ALERT_ESCALATE_MINUTES',
      env.int(60, 1, 10_080),
      'An alert still unacknowledged this long after it was raised is escalated (published again as critical)',
    ),
  },
  channels: {
    underTest: setting(
      'REPORTING_NEW_CHANNELS',
      z
        .string()
        .default('')
        .transform((text) =>
          text
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean),
        ),
      'New channels under test, decided on (admit, expand, exit) against the average ROI of the others',
    ),
    periodDays: setting(
      'REPORTING_DECISION_PERIOD_DAYS',
      env.int(7, 1, 92),
      'Length of a test period (days; a week by default)',
    ),
    targetRoi: setting(
      'REPORTING_TARGET_ROI',
      channelNumbers('default:1', -1, 1_000),
      'Target ROI per channel (channel:roi pairs with a default); exit below 50% of it for 3 periods',
    ),
    costRates: setting(
      'REPORTING_COST_RATES',
      channelNumbers('default:0.6', 0, 1),
      'Cost of goods as a share of revenue per channel (channel:rate pairs with a default); gross margin is the rest',
    ),
    healthWeights: setting(
      'REPORTING_HEALTH_WEIGHTS',
      healthWeights,
      'Health index weights per channel type (JSON: {"default":{…},"offline":{…}}; metrics sales, salesShare, customers, grossMargin, csat, partnerRelations; each at most 0.4, adding up to 1)',
    ),
    healthThreshold: setting(
      'REPORTING_HEALTH_THRESHOLD',
      env.int(60, 0, 100),
      'Health index below which a channel is recommended a 20% cut of its resources',
    ),
  },
  dashboard: {
    minCellCustomers: setting(
      'REPORTING_MIN_CELL_CUSTOMERS',
      env.int(5, 1, 1_000),
      'k-anonymity of the dashboard and CSV exports: a cell about 1 to k − 1 customers is hidden (null, listed as suppressed); 1 hides nothing',
    ),
  },
  inventory: {
    maxDays: setting(
      'REPORTING_INVENTORY_MAX_DAYS',
      env.int(366, 1, 3_660),
      'Most UTC days one GET /v1/inventory (or its table and CSV) may span',
    ),
  },
  attribution: {
    lookbackDays: setting(
      'REPORTING_ATTRIBUTION_LOOKBACK_DAYS',
      env.int(30, 1, 365),
      'Default days before an order whose touches are on its path (a query may ask for another)',
    ),
    halfLifeDays: setting(
      'REPORTING_ATTRIBUTION_HALF_LIFE_DAYS',
      env.int(7, 1, 365),
      'Default half-life of the time-decay model: a touch this many days older weighs half',
    ),
    maxOrders: setting(
      'REPORTING_ATTRIBUTION_MAX_ORDERS',
      env.int(500_000, 1, 10_000_000),
      'Most orders one attribution query may cover; a larger range is refused',
    ),
  },
});

export type ReportingConfig = ServiceConfigOf<typeof reportingConfig>;
