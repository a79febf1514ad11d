import { env, setting } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import { z } from 'zod';
import { service } from '../service';

/** Ingest's settings beside the platform's, parsed once at start-up (see runService). */
export const ingestConfig = defineServiceConfig(
  service,
  {
    batch: {
      maxEvents: setting.int('INGEST_MAX_BATCH_EVENTS', 1_000, 1, 100_000),
      // Segment's own batch limit is 500 KB, so every Segment SDK fits.
      maxBodyBytes: setting.int('INGEST_MAX_BODY_BYTES', 1_048_576, 1_024, 64 * 1_048_576),
    },
    events: {
      defaultPhoneRegion: setting(
        'INGEST_DEFAULT_PHONE_REGION',
        z
          .string()
          .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 region in upper case, e.g. CN')
          .default('CN'),
      ),
      maxFutureSeconds: setting.int('INGEST_MAX_FUTURE_SECONDS', 3_600, 0, 31_536_000),
      maxPastDays: setting.int('INGEST_MAX_PAST_DAYS', 730, 1, 36_500),
    },
    dedupe: {
      retentionDays: setting.int('INGEST_DEDUPE_RETENTION_DAYS', 7, 1, 3_650),
      purgeIntervalMs: setting.int('INGEST_DEDUPE_PURGE_INTERVAL_MS', 60_000, 1_000, 86_400_000),
    },
    keys: {
      scryptCost: setting(
        'INGEST_SCRYPT_COST',
        env
          .int(16_384, 1_024, 1_048_576)
          .refine((n) => (n & (n - 1)) === 0, 'expected a power of two'),
      ),
      cacheTtlMs: setting.int('INGEST_KEY_CACHE_TTL_MS', 5_000, 0, 3_600_000),
      recheckIntervalMs: setting.int('INGEST_KEY_RECHECK_INTERVAL_MS', 100, 0, 10_000),
      refusedCacheSize: setting.int('INGEST_KEY_REFUSED_CACHE_SIZE', 10_000, 0, 1_000_000),
      refusedCacheTtlMs: setting.int('INGEST_KEY_REFUSED_CACHE_TTL_MS', 600_000, 1_000, 86_400_000),
      verifyConcurrency: setting.int('INGEST_KEY_VERIFY_CONCURRENCY', 1, 1, 64),
      verifyQueue: setting.int('INGEST_KEY_VERIFY_QUEUE', 32, 0, 100_000),
    },
    authThrottle: {
      failuresPerSecond: setting.int('INGEST_AUTH_FAILURES_PER_SECOND', 5, 1, 100_000),
      failureBurst: setting.int('INGEST_AUTH_FAILURE_BURST', 20, 1, 1_000_000),
      // Held so a client that waits for each answer cannot repeat faster than this on one connection.
      throttledDelayMs: setting.int('INGEST_AUTH_THROTTLED_DELAY_MS', 1_000, 0, 60_000),
      sources: setting.int('INGEST_AUTH_THROTTLE_SOURCES', 100_000, 1, 10_000_000),
    },
    rateLimit: {
      defaultPerSecond: setting.int('INGEST_DEFAULT_RATE_LIMIT_PER_SECOND', 2_000, 1, 10_000_000),
      leaseMs: setting.int('INGEST_RATE_LEASE_MS', 100, 0, 10_000),
    },
    segment: {
      // Segment's e-commerce spec sends prices as decimals in major units, often without a currency.
      defaultCurrency: setting(
        'INGEST_SEGMENT_DEFAULT_CURRENCY',
        z
          .string()
          .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code in upper case, e.g. CNY')
          .default('CNY'),
      ),
    },
    publish: {
      timeoutMs: setting.int('INGEST_PUBLISH_TIMEOUT_MS', 10_000, 100, 120_000),
      groupMaxEvents: setting.int('INGEST_GROUP_MAX_EVENTS', 1_000, 1, 100_000),
      // So one group's database work overlaps another's wait for Kafka.
      groupMaxInFlight: setting.int('INGEST_GROUP_MAX_IN_FLIGHT', 2, 1, 64),
    },
    topics: {
      events: setting.topic('INGEST_EVENTS_TOPIC', TOPICS.ingestEvents),
      rejected: setting.topic('INGEST_REJECTED_TOPIC', TOPICS.ingestRejected),
      raw: setting.topic('INGEST_RAW_TOPIC', TOPICS.ingestRaw),
    },
    rawConsumer: {
      enabled: setting.flag('INGEST_RAW_CONSUMER_ENABLED', true),
      groupId: setting.text('INGEST_RAW_GROUP_ID', 'ingest-raw'),
    },
  },
  {
    INGEST_MAX_BATCH_EVENTS: 'Events one request may carry',
    INGEST_MAX_BODY_BYTES: 'Largest request body (bytes)',
    INGEST_DEFAULT_PHONE_REGION: 'Region of phone numbers sent without a country code',
    INGEST_MAX_FUTURE_SECONDS: 'How far in the future an event may be timestamped (s)',
    INGEST_MAX_PAST_DAYS: 'How far in the past an event may be timestamped (days)',
    INGEST_DEDUPE_RETENTION_DAYS: 'How long an event id is remembered to drop duplicates (days)',
    INGEST_DEDUPE_PURGE_INTERVAL_MS: 'How often expired dedupe keys are deleted (ms)',
    INGEST_SCRYPT_COST: 'scrypt cost (N) of connector key hashes',
    INGEST_KEY_CACHE_TTL_MS:
      'How long a replica trusts the connector row a key was verified against: a rotation or disable on another replica takes effect within this (ms; 0: read for every request)',
    INGEST_KEY_RECHECK_INTERVAL_MS:
      'Least time between re-reads of a connector before refusing its keys (ms)',
    INGEST_KEY_REFUSED_CACHE_SIZE:
      'Refused keys remembered by SHA-256, so they are never checked with scrypt again (0: none)',
    INGEST_KEY_REFUSED_CACHE_TTL_MS: 'How long a refused key is remembered (ms)',
    INGEST_KEY_VERIFY_CONCURRENCY:
      'scrypt checks of unverified keys that run at once (each uses a libuv thread and a core)',
    INGEST_KEY_VERIFY_QUEUE: 'Requests waiting for a scrypt check; more answer 429 auth_busy',
    INGEST_AUTH_FAILURES_PER_SECOND:
      'Refused or missing keys a source address may present per second',
    INGEST_AUTH_FAILURE_BURST:
      'Refused or missing keys a source address may present at once; then 429 auth_throttled',
    INGEST_AUTH_THROTTLED_DELAY_MS: 'How long a throttled request is held before its 429 (ms)',
    INGEST_AUTH_THROTTLE_SOURCES:
      'Source addresses tracked at once (least recently refused dropped first)',
    INGEST_DEFAULT_RATE_LIMIT_PER_SECOND: 'Events per second of a connector created without a rate',
    INGEST_RATE_LEASE_MS:
      "How much of a connector's rate a replica leases from the shared bucket at once (ms; 0: none)",
    INGEST_SEGMENT_DEFAULT_CURRENCY: 'Currency of Segment prices sent without one',
    INGEST_PUBLISH_TIMEOUT_MS: 'How long a request waits for Kafka to acknowledge its events (ms)',
    INGEST_GROUP_MAX_EVENTS:
      'Events of concurrent requests that share one transaction and one Kafka request',
    INGEST_GROUP_MAX_IN_FLIGHT: 'Request groups committing at once',
    INGEST_EVENTS_TOPIC: 'Topic of accepted events',
    INGEST_REJECTED_TOPIC: 'Topic of rejected events',
    INGEST_RAW_TOPIC: 'Topic of raw events',
    INGEST_RAW_CONSUMER_ENABLED: 'Whether this replica consumes the raw topic',
    INGEST_RAW_GROUP_ID: 'Consumer group of the raw topic',
  },
);

export type IngestConfig = ServiceConfigOf<typeof ingestConfig>;
