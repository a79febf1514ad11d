import { env, setting } from '@omni/config';
import { CHANNELS, TOPICS } from '@omni/contracts';
import { defineServiceConfig, httpThreadsSetting, type ServiceConfigOf } from '@omni/platform';
import { service } from '../service';

const channelList = (fallback: string) =>
  env
    .list(fallback)
    .refine(
      (items) => items.every((item) => (CHANNELS as readonly string[]).includes(item)),
      `expected channels among ${CHANNELS.join(', ')}`,
    );

/** The settings of pricing, parsed once in main.ts. */
export const pricingConfig = defineServiceConfig(
  service,
  {
    groups: {
      // DOMAIN-FACTS tiers above Regular, plus the loyal segment crm maintains.
      member: setting.list('PRICING_MEMBER_GROUPS', 'silver,gold,diamond,loyal'),
      baseline: setting.list('PRICING_BASELINE_GROUPS', 'regular,new'),
    },
    channels: {
      // price.changed names one channel; an unscoped price is announced once per sales channel.
      sales: setting('PRICING_SALES_CHANNELS', channelList('tmall,jd,app,web,pos')),
    },
    reference: {
      windowDays: setting.int('PRICING_REFERENCE_WINDOW_DAYS', 30, 1, 365),
    },
    topics: {
      priceChanges: setting.topic('PRICING_PRICE_CHANGES_TOPIC', TOPICS.pricingPriceChanges),
    },
    feeds: {
      topic: setting.topic('PRICING_FEED_TOPIC', TOPICS.identityResolvedEvents),
      groupId: setting.text('PRICING_FEED_GROUP_ID', 'pricing-feeds'),
      enabled: setting.flag('PRICING_FEED_CONSUMER_ENABLED', true),
      batchSize: setting.int('PRICING_FEED_BATCH_SIZE', 1_000, 1, 100_000),
      // Postgres applies one batch while Node decides the next; a SKU's events stay in order,
      // since they share a partition (keyed by SKU) and a partition's batches never overlap.
      partitionsConcurrently: setting.int('PRICING_FEED_PARTITIONS_CONCURRENTLY', 4, 1, 64),
      offsetCommitIntervalMs: setting.int(
        'PRICING_FEED_OFFSET_COMMIT_INTERVAL_MS',
        1_000,
        0,
        60_000,
      ),
      batchAttempts: setting.int('PRICING_FEED_BATCH_ATTEMPTS', 2, 1, 10),
    },
    rules: {
      minIntervalMs: setting.int('PRICING_RULE_MIN_INTERVAL_MS', 300_000, 0, 86_400_000),
      tickMs: setting.int('PRICING_RULE_TICK_MS', 60_000, 0, 86_400_000),
      demandBaselineDays: setting.int('PRICING_DEMAND_BASELINE_DAYS', 7, 1, 365),
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
      ),
      toleranceBasisPoints: setting.int('PRICING_CONSISTENCY_TOLERANCE_BP', 500, 0, 10_000),
    },
    imports: {
      maxRows: setting.int('PRICING_IMPORT_MAX_ROWS', 100_000, 1, 1_000_000),
      maxBodyBytes: setting.int('PRICING_MAX_BODY_BYTES', 33_554_432, 1_024, 268_435_456),
      progressEveryRows: setting.int('PRICING_IMPORT_PROGRESS_ROWS', 5_000, 100, 1_000_000),
      leaseMs: setting.int('PRICING_IMPORT_LEASE_MS', 30_000, 1_000, 3_600_000),
    },
    selection: {
      maxSkus: setting.int('PRICING_SELECT_MAX_SKUS', 200, 1, 10_000),
    },
    httpThreads: httpThreadsSetting('PRICING_HTTP_THREADS'),
    catalog: {
      enabled: setting.flag('PRICING_CATALOG_ENABLED', true),
      pollMs: setting.int('PRICING_CATALOG_POLL_MS', 100, 10, 60_000),
      maxStalenessMs: setting.int('PRICING_CATALOG_MAX_STALENESS_MS', 5_000, 100, 3_600_000),
      changesRetentionMs: setting.int(
        'PRICING_CATALOG_CHANGES_RETENTION_MS',
        3_600_000,
        60_000,
        604_800_000,
      ),
    },
  },
  {
    PRICING_MEMBER_GROUPS:
      'Customer groups (member tiers and loyal segments) that may never pay more than the baseline, comma-separated',
    PRICING_BASELINE_GROUPS:
      'Customer groups that count as new customers; with anonymous shoppers (no group) they form the baseline price, comma-separated',
    PRICING_SALES_CHANNELS:
      'Channels the brand sells on: a price without a channel is published as price.changed for each',
    PRICING_REFERENCE_WINDOW_DAYS:
      'Days before a reduction whose lowest price is its reference price (EU Omnibus article 6a)',
    PRICING_PRICE_CHANGES_TOPIC: 'Topic price.changed is published to',
    PRICING_FEED_TOPIC:
      'Topic of the events rules run on: inventory snapshots, competitor prices, views, carts and orders',
    PRICING_FEED_GROUP_ID: 'Consumer group of the feed topic',
    PRICING_FEED_CONSUMER_ENABLED: 'Whether this replica consumes the feed topic',
    PRICING_FEED_BATCH_SIZE:
      'Feed events applied in one transaction (rules run once per SKU per batch)',
    PRICING_FEED_PARTITIONS_CONCURRENTLY:
      'Feed partitions consumed at once; batches ready together are applied in one transaction, two at most in flight',
    PRICING_FEED_OFFSET_COMMIT_INTERVAL_MS:
      'Least time between feed offset commits (ms); offsets not yet committed are redelivered after a crash and the inbox skips them',
    PRICING_FEED_BATCH_ATTEMPTS:
      'Attempts at a whole feed batch (a lock wait or serialization failure clears quickly) before its events are applied one by one',
    PRICING_RULE_MIN_INTERVAL_MS:
      'Least time between two rule-driven price changes of one SKU and channel, so prices do not flap (ms)',
    PRICING_RULE_TICK_MS:
      'How often the rules of SKUs with a scheduled rule run without a feed event, so staged prices start and end on time (ms; 0: never)',
    PRICING_DEMAND_BASELINE_DAYS:
      "Days of a SKU's own views, carts and orders its hourly demand baseline averages",
    PRICING_CONSISTENCY_PAIRS:
      'Channels whose effective prices must stay in step, as first:second pairs (online against offline by default)',
    PRICING_CONSISTENCY_TOLERANCE_BP:
      'Largest difference between the two channels of a pair, over the lower price, in basis points (500: 5%)',
    PRICING_IMPORT_MAX_ROWS: 'Rows one price-list import may hold',
    PRICING_MAX_BODY_BYTES:
      'Largest request body, JSON or CSV (bytes); an import of 100,000 rows is about 8 MB',
    PRICING_IMPORT_PROGRESS_ROWS:
      'Rows an import validates between two progress updates of its job',
    PRICING_IMPORT_LEASE_MS:
      'How long an import job stays with the process running it without a progress update (ms); then another replica takes it over',
    PRICING_SELECT_MAX_SKUS: 'SKUs one select request may ask for',
    PRICING_HTTP_THREADS:
      'Threads of the process that serve HTTP on the one port (ADR 0040), each with its own price catalog; up to one a core',
    PRICING_CATALOG_ENABLED:
      'Whether select reads the in-memory price catalog (loaded before the service listens) instead of the database',
    PRICING_CATALOG_POLL_MS:
      'How often the price catalog reads the change log (ms): a change is selected by every replica within this plus one refresh',
    PRICING_CATALOG_MAX_STALENESS_MS:
      'When the price catalog has not caught up for this long (ms), select reads the database instead',
    PRICING_CATALOG_CHANGES_RETENTION_MS:
      'How long catalog change-log rows are kept (ms); a replica further behind than half of it reloads the whole catalog',
  },
);

export type PricingConfig = ServiceConfigOf<typeof pricingConfig>;
