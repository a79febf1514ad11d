import { env, setting } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import { z } from 'zod';
import { service } from '../service';

/** Ingest's settings beside the platform's, parsed once at start-up (see runService). */
export const ingestConfig = defineServiceConfig(service, {
  batch: {
    maxEvents: setting(
      'INGEST_MAX_BATCH_EVENTS',
      env.int(1_000, 1, 100_000),
      'Events one request may carry',
    ),
    // Segment's own batch limit is 500 KB, so every Segment SDK fits.
    maxBodyBytes: setting(
      'INGEST_MAX_BODY_BYTES',
      env.int(1_048_576, 1_024, 64 * 1_048_576),
      'Largest request body (bytes)',
    ),
  },
  events: {
    defaultPhoneRegion: setting(
      'INGEST_DEFAULT_PHONE_REGION',
      z
        .string()
        .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 region in upper case, e.g. CN')
        .default('CN'),
      'Region of phone numbers sent without a country code',
    ),
    maxFutureSeconds: setting(
      'INGEST_MAX_FUTURE_SECONDS',
      env.int(3_600, 0, 31_536_000),
      'How far in the future an event may be timestamped (s)',
    ),
    maxPastDays: setting(
      'INGEST_MAX_PAST_DAYS',
      env.int(730, 1, 36_500),
      'How far in the past an event may be timestamped (days)',
    ),
  },
  dedupe: {
    retentionDays: setting(
      'INGEST_DEDUPE_RETENTION_DAYS',
      env.int(7, 1, 3_650),
      'How long an event id is remembered to drop duplicates (days)',
    ),
    purgeIntervalMs: setting(
      'INGEST_DEDUPE_PURGE_INTERVAL_MS',
      env.int(60_000, 1_000, 86_400_000),
      'How often expired dedupe keys are deleted (ms)',
    ),
  },
  keys: {
    scryptCost: setting(
      'INGEST_SCRYPT_COST',
      env
        .int(16_384, 1_024, 1_048_576)
        .refine((n) => (n & (n - 1)) === 0, 'expected a power of two'),
      'scrypt cost (N) of connector key hashes',
    ),
    cacheTtlMs: setting(
      'INGEST_KEY_CACHE_TTL_MS',
      env.int(5_000, 0, 3_600_000),
      'How long a replica trusts the connector row a key was verified against: a rotation or disable on another replica takes effect within this (ms; 0: read for every request)',
    ),
    recheckIntervalMs: setting(
      'INGEST_KEY_RECHECK_INTERVAL_MS',
      env.int(100, 0, 10_000),
      'Least time between re-reads of a connector before refusing its keys (ms)',
    ),
    refusedCacheSize: setting(
      'INGEST_KEY_REFUSED_CACHE_SIZE',
      env.int(10_000, 0, 1_000_000),
      'Refused keys remembered by SHA-256, so they are never checked with scrypt again (0: none)',
    ),
    refusedCacheTtlMs: setting(
      'INGEST_KEY_REFUSED_CACHE_TTL_MS',
      env.int(600_000, 1_000, 86_400_000),
      'How long a refused key is remembered (ms)',
    ),
    verifyConcurrency: setting(
      'INGEST_KEY_VERIFY_CONCURRENCY',
      env.int(1, 1, 64),
      'scrypt checks of unverified keys that run at once (each uses a libuv thread and a core)',
    ),
    verifyQueue: setting(
      'INGEST_KEY_VERIFY_QUEUE',
      env.int(32, 0, 100_000),
      'Requests waiting for a scrypt check; more answer 429 auth_busy',
    ),
  },
  authThrottle: {
    failuresPerSecond: setting(
      'INGEST_AUTH_FAILURES_PER_SECOND',
      env.int(5, 1, 100_000),
      'Refused or missing keys a source address may present per second',
    ),
    failureBurst: setting(
      'INGEST_AUTH_FAILURE_BURST',
      env.int(20, 1, 1_000_000),
      'Refused or missing keys a source address may present at once; then 429 auth_throttled',
    ),
    // Held so a client that waits for each answer cannot repeat faster than this on one connection.
    throttledDelayMs: setting(
      'INGEST_AUTH_THROTTLED_DELAY_MS',
      env.int(1_000, 0, 60_000),
      'How long a throttled request is held before its 429 (ms)',
    ),
    sources: setting(
      'INGEST_AUTH_THROTTLE_SOURCES',
      env.int(100_000, 1, 10_000_000),
      'Source addresses tracked at once (least recently refused dropped first)',
    ),
  },
  rateLimit: {
    defaultPerSecond: setting(
      'INGEST_DEFAULT_RATE_LIMIT_PER_SECOND',
      env.int(2_000, 1, 10_000_000),
      'Events per second of a connector created without a rate',
    ),
    leaseMs: setting(
      'INGEST_RATE_LEASE_MS',
      env.int(100, 0, 10_000),
      "How much of a connector's rate a replica leases from the shared bucket at once (ms; 0: none)",
    ),
  },
  segment: {
    // Segment's e-commerce spec sends prices as decimals in major units, often without a currency.
    defaultCurrency: setting(
      'INGEST_SEGMENT_DEFAULT_CURRENCY',
      z
        .string()
        .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code in upper case, e.g. CNY')
        .default('CNY'),
      'Currency of Segment prices sent without one',
    ),
  },
  publish: {
    timeoutMs: setting(
      'INGEST_PUBLISH_TIMEOUT_MS',
      env.int(10_000, 100, 120_000),
      'How long a request waits for Kafka to acknowledge its events (ms)',
    ),
    groupMaxEvents: setting(
      'INGEST_GROUP_MAX_EVENTS',
      env.int(1_000, 1, 100_000),
      'Events of concurrent requests that share one transaction and one Kafka request',
    ),
    // So one group's database work overlaps another's wait for Kafka.
    groupMaxInFlight: setting(
      'INGEST_GROUP_MAX_IN_FLIGHT',
      env.int(2, 1, 64),
      'Request groups committing at once',
    ),
  },
  topics: {
    events: setting(
      'INGEST_EVENTS_TOPIC',
      env.string(TOPICS.ingestEvents.name),
      'Topic of accepted events',
    ),
    rejected: setting(
      'INGEST_REJECTED_TOPIC',
      env.string(TOPICS.ingestRejected.name),
      'Topic of rejected events',
    ),
    raw: setting('INGEST_RAW_TOPIC', env.string(TOPICS.ingestRaw.name), 'Topic of raw events'),
  },
  rawConsumer: {
    enabled: setting(
      'INGEST_RAW_CONSUMER_ENABLED',
      env.bool(true),
      'Whether this replica consumes the raw topic',
    ),
    groupId: setting(
      'INGEST_RAW_GROUP_ID',
      env.string('ingest-raw'),
      'Consumer group of the raw topic',
    ),
  },
});

export type IngestConfig = ServiceConfigOf<typeof ingestConfig>;
