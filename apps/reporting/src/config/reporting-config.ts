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
export const reportingConfig = defineServiceConfig(
  service,
  {
    consumerGroup: setting.text('REPORTING_CONSUMER_GROUP', service.name),
    topics: {
      resolvedEvents: setting.topic(
        'REPORTING_RESOLVED_EVENTS_TOPIC',
        TOPICS.identityResolvedEvents,
      ),
      profileChanges: setting.topic(
        'REPORTING_PROFILE_CHANGES_TOPIC',
        TOPICS.identityProfileChanges,
      ),
      redemptions: setting.topic('REPORTING_REDEMPTIONS_TOPIC', TOPICS.promotionsRedemptions),
      offers: setting.topic('REPORTING_OFFERS_TOPIC', TOPICS.promotionsOffers),
      priceChanges: setting.topic('REPORTING_PRICE_CHANGES_TOPIC', TOPICS.pricingPriceChanges),
      alerts: setting.topic('REPORTING_ALERTS_TOPIC', TOPICS.reportingAlerts),
      channelDecisions: setting.topic(
        'REPORTING_CHANNEL_DECISIONS_TOPIC',
        TOPICS.reportingChannelDecisions,
      ),
    },
    consumer: {
      batchSize: setting.int('REPORTING_BATCH_SIZE', 1_000, 1, 100_000),
      partitionsConcurrently: setting.int('REPORTING_PARTITIONS_CONCURRENTLY', 3, 1, 64),
      offsetCommitIntervalMs: setting.int('REPORTING_OFFSET_COMMIT_INTERVAL_MS', 1_000, 0, 60_000),
    },
    kpis: {
      currency: setting('REPORTING_CURRENCY', currency),
      paidMedia: setting.list(
        'REPORTING_PAID_MEDIA',
        'cpc,cpm,cpa,cpv,paid,paid-social,display,affiliate',
      ),
      maxBuckets: setting.int('REPORTING_KPI_MAX_BUCKETS', 5_000, 1, 1_000_000),
    },
    funnels: {
      windowMinutes: setting.int('REPORTING_FUNNEL_WINDOW_MINUTES', 10_080, 1, 525_600),
      maxCustomers: setting.int('REPORTING_FUNNEL_MAX_CUSTOMERS', 500_000, 1, 10_000_000),
    },
    experiments: {
      minSample: setting.int('REPORTING_AB_MIN_SAMPLE', 100, 2, 100_000_000),
      confidence: setting('REPORTING_AB_CONFIDENCE', z.coerce.number().gt(0.5).lt(1).default(0.95)),
      srmAlpha: setting('REPORTING_AB_SRM_ALPHA', z.coerce.number().gt(0).lt(0.5).default(0.001)),
    },
    reviews: {
      negativeMaxRating: setting.int('REPORTING_NEGATIVE_REVIEW_MAX_RATING', 2, 1, 4),
      defaultAnomalyRule: setting.flag('REPORTING_NEGATIVE_REVIEW_ALERT', true),
      anomalyBandWidth: setting(
        'REPORTING_NEGATIVE_REVIEW_ALERT_BAND',
        z.coerce.number().gt(0).max(100).default(3),
      ),
    },
    alerts: {
      evaluationIntervalMs: setting.int('REPORTING_ALERT_EVALUATION_MS', 60_000, 0, 86_400_000),
      graceMs: setting.int('REPORTING_ALERT_GRACE_MS', 300_000, 0, 86_400_000),
      escalateAfterMinutes: setting.int('REPORTING_ALERT_ESCALATE_MINUTES', 60, 1, 10_080),
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
      ),
      periodDays: setting.int('REPORTING_DECISION_PERIOD_DAYS', 7, 1, 92),
      targetRoi: setting('REPORTING_TARGET_ROI', channelNumbers('default:1', -1, 1_000)),
      costRates: setting('REPORTING_COST_RATES', channelNumbers('default:0.6', 0, 1)),
      healthWeights: setting('REPORTING_HEALTH_WEIGHTS', healthWeights),
      healthThreshold: setting.int('REPORTING_HEALTH_THRESHOLD', 60, 0, 100),
    },
    dashboard: {
      minCellCustomers: setting.int('REPORTING_MIN_CELL_CUSTOMERS', 5, 1, 1_000),
    },
    inventory: {
      maxDays: setting.int('REPORTING_INVENTORY_MAX_DAYS', 366, 1, 3_660),
    },
    attribution: {
      lookbackDays: setting.int('REPORTING_ATTRIBUTION_LOOKBACK_DAYS', 30, 1, 365),
      halfLifeDays: setting.int('REPORTING_ATTRIBUTION_HALF_LIFE_DAYS', 7, 1, 365),
      maxOrders: setting.int('REPORTING_ATTRIBUTION_MAX_ORDERS', 500_000, 1, 10_000_000),
    },
  },
  {
    REPORTING_CONSUMER_GROUP:
      'The consumer group of every reporting handler; redemptions are read by <group>.redemptions, so their transactions never mix with resolved events',
    REPORTING_RESOLVED_EVENTS_TOPIC:
      'Topic of identity-resolved channel events and reference feeds',
    REPORTING_PROFILE_CHANGES_TOPIC: 'Topic of profile merges, splits and erasures',
    REPORTING_REDEMPTIONS_TOPIC:
      "Topic of promotions' redemption.recorded and redemption.released (the discounts KPI)",
    REPORTING_OFFERS_TOPIC:
      "Topic of promotions' offer.issued (per-promotion conversion, A/B exposures of offer variants)",
    REPORTING_PRICE_CHANGES_TOPIC:
      "Topic of pricing's events; price.consistency-breached is raised as an alert",
    REPORTING_ALERTS_TOPIC: 'Topic reporting publishes alert.raised to',
    REPORTING_CHANNEL_DECISIONS_TOPIC:
      'Topic reporting publishes channel.decided to, once per decision and revision',
    REPORTING_BATCH_SIZE:
      'Resolved events applied in one transaction (bucket counters are summed per batch first)',
    REPORTING_PARTITIONS_CONCURRENTLY:
      'Partitions of the resolved-events topic one replica consumes at once; their ready batches commit in one transaction',
    REPORTING_OFFSET_COMMIT_INTERVAL_MS:
      'Least time between Kafka offset commits of resolved events (ms); uncommitted offsets are redelivered and the inbox skips them',
    REPORTING_CURRENCY:
      'Currency money KPIs are summed in; orders in another currency are counted but not summed',
    REPORTING_PAID_MEDIA:
      'Touch media (utm_medium) that count as paid; a touch with a cost is paid too; the rest is organic',
    REPORTING_KPI_MAX_BUCKETS: 'Most time buckets one GET /v1/kpis may span (range ÷ interval)',
    REPORTING_FUNNEL_WINDOW_MINUTES:
      'Default conversion window of a funnel, from its first step (minutes; 7 days)',
    REPORTING_FUNNEL_MAX_CUSTOMERS:
      'Most customers one funnel or retention query may cover; a larger range is refused',
    REPORTING_AB_MIN_SAMPLE:
      'Fewest exposed customers per variant before a read-out draws conclusions ("insufficient sample" below)',
    REPORTING_AB_CONFIDENCE:
      'Confidence level of intervals; a difference is significant when p < 1 − confidence',
    REPORTING_AB_SRM_ALPHA:
      'p-value below which exposure counts are flagged as a sample-ratio mismatch',
    REPORTING_NEGATIVE_REVIEW_MAX_RATING:
      'Highest review.submitted rating (1–5) counted as a negative review (the negativeReviews KPI)',
    REPORTING_NEGATIVE_REVIEW_ALERT:
      'Whether the built-in anomaly rule on negativeReviews (per hour, all channels) is on; false turns it off',
    REPORTING_NEGATIVE_REVIEW_ALERT_BAND:
      'Standard deviations around the mean of the same hour on the 7 earlier days beyond which the built-in rule raises',
    REPORTING_ALERT_EVALUATION_MS:
      'How often alert rules are evaluated on the latest closed window (ms; 0 turns evaluation off)',
    REPORTING_ALERT_GRACE_MS:
      'How long after a window ends it counts as closed, so late events are in (ms)',
    REPORTING_ALERT_ESCALATE_MINUTES:
      'An alert still unacknowledged this long after it was raised is escalated (published again as critical)',
    REPORTING_NEW_CHANNELS:
      'New channels under test, decided on (admit, expand, exit) against the average ROI of the others',
    REPORTING_DECISION_PERIOD_DAYS: 'Length of a test period (days; a week by default)',
    REPORTING_TARGET_ROI:
      'Target ROI per channel (channel:roi pairs with a default); exit below 50% of it for 3 periods',
    REPORTING_COST_RATES:
      'Cost of goods as a share of revenue per channel (channel:rate pairs with a default); gross margin is the rest',
    REPORTING_HEALTH_WEIGHTS:
      'Health index weights per channel type (JSON: {"default":{…},"offline":{…}}; metrics sales, salesShare, customers, grossMargin, csat, partnerRelations; each at most 0.4, adding up to 1)',
    REPORTING_HEALTH_THRESHOLD:
      'Health index below which a channel is recommended a 20% cut of its resources',
    REPORTING_MIN_CELL_CUSTOMERS:
      'k-anonymity of the dashboard and CSV exports: a cell about 1 to k − 1 customers is hidden (null, listed as suppressed); 1 hides nothing',
    REPORTING_INVENTORY_MAX_DAYS:
      'Most UTC days one GET /v1/inventory (or its table and CSV) may span',
    REPORTING_ATTRIBUTION_LOOKBACK_DAYS:
      'Default days before an order whose touches are on its path (a query may ask for another)',
    REPORTING_ATTRIBUTION_HALF_LIFE_DAYS:
      'Default half-life of the time-decay model: a touch this many days older weighs half',
    REPORTING_ATTRIBUTION_MAX_ORDERS:
      'Most orders one attribution query may cover; a larger range is refused',
  },
);

export type ReportingConfig = ServiceConfigOf<typeof reportingConfig>;
