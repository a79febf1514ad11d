import { Global, Module } from '@nestjs/common';
import { env, parseEnv } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { z } from 'zod';

/** Ingest's own settings, validated once at start-up beside the platform's. */
export const ingestEnv = {
  INGEST_MAX_BATCH_EVENTS: env.int(1_000, 1, 100_000),
  // 1 MiB: Segment's own batch limit is 500 KB, so every Segment SDK fits.
  INGEST_MAX_BODY_BYTES: env.int(1_048_576, 1_024, 64 * 1_048_576),
  INGEST_DEFAULT_PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 region in upper case, e.g. CN')
    .default('CN'),
  INGEST_DEDUPE_RETENTION_DAYS: env.int(7, 1, 3_650),
  INGEST_DEDUPE_PURGE_INTERVAL_MS: env.int(60_000, 1_000, 86_400_000),
  INGEST_MAX_FUTURE_SECONDS: env.int(3_600, 0, 31_536_000),
  INGEST_MAX_PAST_DAYS: env.int(730, 1, 36_500),
  INGEST_ADMIN_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  INGEST_KEY_CACHE_TTL_MS: env.int(5_000, 0, 3_600_000),
  INGEST_SCRYPT_COST: env
    .int(16_384, 1_024, 1_048_576)
    .refine((n) => (n & (n - 1)) === 0, 'expected a power of two'),
  INGEST_DEFAULT_RATE_LIMIT_PER_SECOND: env.int(2_000, 1, 10_000_000),
  // How much of a connector's rate a replica leases from the shared bucket at once (0: none).
  INGEST_RATE_LEASE_MS: env.int(100, 0, 10_000),
  // Segment's e-commerce spec sends prices as decimals in major units, often without a currency.
  INGEST_SEGMENT_DEFAULT_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code in upper case, e.g. CNY')
    .default('CNY'),
  INGEST_PUBLISH_TIMEOUT_MS: env.int(10_000, 100, 120_000),
  // Concurrent HTTP batches share one transaction and one Kafka request, up to this many events.
  INGEST_GROUP_MAX_EVENTS: env.int(1_000, 1, 100_000),
  // Groups committing at once, so one group's database work overlaps another's wait for Kafka.
  INGEST_GROUP_MAX_IN_FLIGHT: env.int(2, 1, 64),
  INGEST_EVENTS_TOPIC: env.string(TOPICS.ingestEvents.name),
  INGEST_REJECTED_TOPIC: env.string(TOPICS.ingestRejected.name),
  INGEST_RAW_TOPIC: env.string(TOPICS.ingestRaw.name),
  INGEST_RAW_CONSUMER_ENABLED: env.bool(true),
  INGEST_RAW_GROUP_ID: env.string('ingest-raw'),
};

export type IngestConfig = z.infer<z.ZodObject<typeof ingestEnv>>;

export const INGEST_CONFIG = Symbol('INGEST_CONFIG');

export function loadIngestConfig(
  source: Record<string, string | undefined> = process.env,
): IngestConfig {
  return parseEnv(ingestEnv, source);
}

@Global()
@Module({
  // Parsed when the app is created, not at import, so tests can set the environment first.
  providers: [{ provide: INGEST_CONFIG, useFactory: () => loadIngestConfig() }],
  exports: [INGEST_CONFIG],
})
export class IngestConfigModule {}
