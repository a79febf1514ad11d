import { z } from 'zod';
import { env } from './env-schema';

/** The variables every Omni service reads. Service-specific ones are added next to these. */
export const platformEnv = {
  NODE_ENV: env.oneOf(['development', 'test', 'production'] as const, 'development'),
  LOG_LEVEL: env.oneOf(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    'info',
  ),
  KAFKA_BROKERS: env.hostPorts('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: env.string('omni'),
  // Unset means traces are created and propagated but not exported.
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .url('expected a URL, e.g. http://127.0.0.1:4318')
    .optional(),
  OTEL_TRACES_ENABLED: env.bool(true),
  SHUTDOWN_TIMEOUT_MS: env.int(15_000, 1_000, 300_000),
};
