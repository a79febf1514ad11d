import { ConfigError, env, type platformEnv } from '@omni/config';
import type { z } from 'zod';
import { RELAY_DEFAULTS, RETRY_DEFAULTS, type MessagingOptions } from './messaging-options';

/**
 * Messaging variables, parsed next to `platformEnv` (which already has KAFKA_BROKERS and
 * KAFKA_CLIENT_ID): `parseEnv({ ...platformEnv, ...messagingEnv })`.
 */
export const messagingEnv = {
  OUTBOX_RELAY_ENABLED: env.bool(RELAY_DEFAULTS.enabled),
  OUTBOX_POLL_INTERVAL_MS: env.int(RELAY_DEFAULTS.pollIntervalMs, 10, 60_000),
  OUTBOX_BATCH_SIZE: env.int(RELAY_DEFAULTS.batchSize, 1, 10_000),
  CONSUMER_MAX_ATTEMPTS: env.int(RETRY_DEFAULTS.maxAttempts, 1, 100),
  CONSUMER_INITIAL_BACKOFF_MS: env.int(RETRY_DEFAULTS.initialBackoffMs, 0, 60_000),
  CONSUMER_MAX_BACKOFF_MS: env.int(RETRY_DEFAULTS.maxBackoffMs, 0, 600_000),
};

type PlatformKafkaConfig = Pick<
  z.infer<z.ZodObject<typeof platformEnv>>,
  'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'
>;
export type MessagingEnvConfig = PlatformKafkaConfig & z.infer<z.ZodObject<typeof messagingEnv>>;

/** Turns the parsed environment into module options, checking rules that span variables. */
export function messagingOptionsFromEnv(
  service: string,
  config: MessagingEnvConfig,
): MessagingOptions {
  if (config.CONSUMER_INITIAL_BACKOFF_MS > config.CONSUMER_MAX_BACKOFF_MS) {
    throw new ConfigError([
      {
        variable: 'CONSUMER_INITIAL_BACKOFF_MS',
        expected: `expected at most CONSUMER_MAX_BACKOFF_MS (${config.CONSUMER_MAX_BACKOFF_MS})`,
        received: String(config.CONSUMER_INITIAL_BACKOFF_MS),
      },
    ]);
  }
  return {
    service,
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-${service}`,
    relay: {
      enabled: config.OUTBOX_RELAY_ENABLED,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      batchSize: config.OUTBOX_BATCH_SIZE,
    },
    consumer: {
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      initialBackoffMs: config.CONSUMER_INITIAL_BACKOFF_MS,
      maxBackoffMs: config.CONSUMER_MAX_BACKOFF_MS,
    },
  };
}
