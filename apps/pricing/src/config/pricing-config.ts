import { env, setting } from '@omni/config';
import { CHANNELS, TOPICS } from '@omni/contracts';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import { service } from '../service';

const channelList = (fallback: string) =>
  env
    .list(fallback)
    .refine(
      (items) => items.every((item) => (CHANNELS as readonly string[]).includes(item)),
      `expected channels among ${CHANNELS.join(', ')}`,
    );

/** The settings of pricing, parsed once in main.ts. */
export const pricingConfig = defineServiceConfig(service, {
  groups: {
    // DOMAIN-FACTS tiers above Regular, plus the loyal segment crm maintains.
    member: setting(
      'PRICING_MEMBER_GROUPS',
      env.list('silver,gold,diamond,loyal'),
      'Customer groups (member tiers and loyal segments) that may never pay more than the baseline, comma-separated',
    ),
    baseline: setting(
      'PRICING_BASELINE_GROUPS',
      env.list('regular,new'),
      'Customer groups that count as new customers; with anonymous shoppers (no group) they form the baseline price, comma-separated',
    ),
  },
  channels: {
    // price.changed names one channel; an unscoped price is announced once per sales channel.
    sales: setting(
      'PRICING_SALES_CHANNELS',
      channelList('tmall,jd,app,web,pos'),
      'Channels the brand sells on: a price without a channel is published as price.changed for each',
    ),
  },
  reference: {
    windowDays: setting(
      'PRICING_REFERENCE_WINDOW_DAYS',
      env.int(30, 1, 365),
      'Days before a reduction whose lowest price is its reference price (EU Omnibus article 6a)',
    ),
  },
  topics: {
    priceChanges: setting(
      'PRICING_PRICE_CHANGES_TOPIC',
      env.string(TOPICS.pricingPriceChanges.name),
      'Topic price.changed is published to',
    ),
  },
  feeds: {
    topic: setting(
      'PRICING_FEED_TOPIC',
      env.string(TOPICS.identityResolvedEvents.name),
      'Topic of the events rules run on: inventory snapshots, competitor prices, views, carts and orders',
    ),
    groupId: setting(
      'PRICING_FEED_GROUP_ID',
      env.string('pricing-feeds'),
      'Consumer group of the feed topic',
    ),
    enabled: setting(
      'PRICING_FEED_CONSUMER_ENABLED',
      env.bool(true),
      'Whether this replica consumes the feed topic',
    ),
    batchSize: setting(
      'PRICING_FEED_BATCH_SIZE',
      env.int(1_000, 1, 100_000),
      'Feed events applied in one transaction (rules run once per SKU per batch)',
    ),
    // Postgres applies one batch while Node decides the next; a SKU's events stay in order,
    // since they share a partition (keyed by SKU) and a partition's batches never overlap.
    partitionsConcurrently: setting(
      'PRICING_FEED_PARTITIONS_CONCURRENTLY',
      env.int(4, 1, 64),
      'Feed partitions consumed at once; batches ready together are applied in one transaction, two at most in flight',
    ),
    offsetCommitIntervalMs: setting(
      'PRICING_FEED_OFFSET_COMMIT_INTERVAL_MS',
      env.int(1_000, 0, 60_000),
      'Least time between feed offset commits (ms); offsets not yet committed are redelivered after a crash and the inbox skips them',
    ),
    batchAttempts: setting(
      'PRICING_FEED_BATCH_ATTEMPTS',
      env.int(2, 1, 10),
      'Attempts at a whole feed batch (a lock wait or serialization failure clears quickly) before its events are applied one by one',
    ),
  },
  rules: {
    minIntervalMs: setting(
      'PRICING_RULE_MIN_INTERVAL_MS',
      env.int(300_000, 0, 86_400_000),
      'Least time between two rule-driven price changes of one SKU and channel, so prices do not flap (ms)',
    ),
    tickMs: setting(
      'PRICING_RULE_TICK_MS',
      env.int(60_000, 0, 86_400_000),
      'How often the rules of SKUs with a scheduled rule run without a feed event, so staged prices start and end on time (ms; 0: never)',
    ),
    demandBaselineDays: setting(
      'PRICING_DEMAND_BASELINE_DAYS',
      env.int(7, 1, 365),
      "Days of a SKU's own views, carts and orders its hourly demand baseline averages",
    ),
  },
  consistency: {
    pairs: setting(
      'PRICING_CONSISTENCY_PAIRS',
      env
        .list('web:pos,app:pos,tmall:pos,jd:pos')
        .transform((pairs) => pairs.map((pair) => pair.split(':')))
        .refine(
          (pairs) =>
            pairs.every(
              (pair) =>
                pair.length === 2 &&
                pair[0] !== pair[1] &&
                pair.every((channel) => (CHANNELS as readonly string[]).includes(channel)),
            ),
          'expected comma-separated pairs of two different channels, e.g. web:pos,app:pos',
        )
        .transform((pairs) => pairs.map(([first, second]) => ({ first, second }))),
      'Channels whose effective prices must stay in step, as first:second pairs (online against offline by default)',
    ),
    toleranceBasisPoints: setting(
      'PRICING_CONSISTENCY_TOLERANCE_BP',
      env.int(500, 0, 10_000),
      'Largest difference between the two channels of a pair, over the lower price, in basis points (500: 5%)',
    ),
  },
  imports: {
    maxRows: setting(
      'PRICING_IMPORT_MAX_ROWS',
      env.int(100_000, 1, 1_000_000),
      'Rows one price-list import may hold',
    ),
    maxBodyBytes: setting(
      'PRICING_MAX_BODY_BYTES',
      env.int(33_554_432, 1_024, 268_435_456),
      'Largest request body, JSON or CSV (bytes); an import of 100,000 rows is about 8 MB',
    ),
    progressEveryRows: setting(
      'PRICING_IMPORT_PROGRESS_ROWS',
      env.int(5_000, 100, 1_000_000),
      'Rows an import validates between two progress updates of its job',
    ),
    leaseMs: setting(
      'PRICING_IMPORT_LEASE_MS',
      env.int(30_000, 1_000, 3_600_000),
      'How long an import job stays with the process running it without a progress update (ms); then another replica takes it over',
    ),
  },
  selection: {
    maxSkus: setting(
      'PRICING_SELECT_MAX_SKUS',
      env.int(200, 1, 10_000),
      'SKUs one select request may ask for',
    ),
  },
  catalog: {
    enabled: setting(
      'PRICING_CATALOG_ENABLED',
      env.bool(true),
      'Whether select reads the in-memory price catalog (loaded before the service listens) instead of the database',
    ),
    pollMs: setting(
      'PRICING_CATALOG_POLL_MS',
      env.int(100, 10, 60_000),
      'How often the price catalog reads the change log (ms): a change is selected by every replica within this plus one refresh',
    ),
    maxStalenessMs: setting(
      'PRICING_CATALOG_MAX_STALENESS_MS',
      env.int(5_000, 100, 3_600_000),
      'When the price catalog has not caught up for this long (ms), select reads the database instead',
    ),
    changesRetentionMs: setting(
      'PRICING_CATALOG_CHANGES_RETENTION_MS',
      env.int(3_600_000, 60_000, 604_800_000),
      'How long catalog change-log rows are kept (ms); a replica further behind than half of it reloads the whole catalog',
    ),
  },
});

export type PricingConfig = ServiceConfigOf<typeof pricingConfig>;
