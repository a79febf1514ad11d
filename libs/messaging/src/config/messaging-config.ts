import {
  ConfigError,
  env,
  platformEnv,
  setting,
  type ConfigIssue,
  type ConfigOf,
} from '@omni/config';
import {
  MAX_MAX_MESSAGE_BYTES,
  MIN_MAX_MESSAGE_BYTES,
  PRODUCER_DEFAULTS,
  MEMBERSHIP_DEFAULTS,
  MIN_SESSION_TIMEOUT_MS,
  RELAY_DEFAULTS,
  RETRY_DEFAULTS,
  type MessagingOptions,
} from './messaging-options';

/** The Kafka, outbox relay and consumer settings of a service (a subtree of its config). */
export const messagingSettings = {
  kafka: {
    brokers: setting(
      'KAFKA_BROKERS',
      platformEnv.KAFKA_BROKERS,
      'Kafka bootstrap brokers, comma-separated host:port',
    ),
    clientId: setting(
      'KAFKA_CLIENT_ID',
      platformEnv.KAFKA_CLIENT_ID,
      'Prefix of the Kafka client id (the service name is appended)',
    ),
    maxMessageBytes: setting(
      'KAFKA_MAX_MESSAGE_BYTES',
      env.int(PRODUCER_DEFAULTS.maxMessageBytes, MIN_MAX_MESSAGE_BYTES, MAX_MAX_MESSAGE_BYTES),
      'Largest record batch the producer sends; at most the smallest max.message.bytes of the topics the service writes to',
    ),
  },
  outbox: {
    relayEnabled: setting(
      'OUTBOX_RELAY_ENABLED',
      env.bool(RELAY_DEFAULTS.enabled),
      'Whether this replica publishes outbox rows to Kafka',
    ),
    pollIntervalMs: setting(
      'OUTBOX_POLL_INTERVAL_MS',
      env.int(RELAY_DEFAULTS.pollIntervalMs, 10, 60_000),
      'How often the relay looks for unpublished outbox rows (ms)',
    ),
    batchSize: setting(
      'OUTBOX_BATCH_SIZE',
      env.int(RELAY_DEFAULTS.batchSize, 1, 10_000),
      'Outbox rows the relay publishes per round',
    ),
  },
  consumer: {
    maxAttempts: setting(
      'CONSUMER_MAX_ATTEMPTS',
      env.int(RETRY_DEFAULTS.maxAttempts, 1, 100),
      'Attempts at a message before it goes to the dead-letter topic',
    ),
    initialBackoffMs: setting(
      'CONSUMER_INITIAL_BACKOFF_MS',
      env.int(RETRY_DEFAULTS.initialBackoffMs, 0, 60_000),
      'First wait between attempts (ms); doubles up to CONSUMER_MAX_BACKOFF_MS',
    ),
    maxBackoffMs: setting(
      'CONSUMER_MAX_BACKOFF_MS',
      env.int(RETRY_DEFAULTS.maxBackoffMs, 0, 600_000),
      'Longest wait between attempts (ms)',
    ),
    // The broker's group.min/max.session.timeout.ms bound it (6 s, 30 min).
    sessionTimeoutMs: setting(
      'CONSUMER_SESSION_TIMEOUT_MS',
      env.int(MEMBERSHIP_DEFAULTS.sessionTimeoutMs, MIN_SESSION_TIMEOUT_MS, 1_800_000),
      'How long a consumer that died without leaving its group keeps its partitions (ms)',
    ),
    // At most a third of the session, so two heartbeats can be lost before the member is.
    heartbeatIntervalMs: setting(
      'CONSUMER_HEARTBEAT_INTERVAL_MS',
      env.int(MEMBERSHIP_DEFAULTS.heartbeatIntervalMs, 100, 600_000),
      'Consumer heartbeat interval (ms); at most a third of CONSUMER_SESSION_TIMEOUT_MS',
    ),
  },
};

export type MessagingSettings = ConfigOf<typeof messagingSettings>;

/** Turns the parsed settings into module options, checking rules that span variables. */
export function messagingOptions(service: string, config: MessagingSettings): MessagingOptions {
  const { kafka, outbox, consumer } = config;
  const issues: ConfigIssue[] = [];
  if (consumer.initialBackoffMs > consumer.maxBackoffMs) {
    issues.push({
      variable: 'CONSUMER_INITIAL_BACKOFF_MS',
      expected: `expected at most CONSUMER_MAX_BACKOFF_MS (${consumer.maxBackoffMs})`,
      received: String(consumer.initialBackoffMs),
    });
  }
  if (consumer.heartbeatIntervalMs * 3 > consumer.sessionTimeoutMs) {
    issues.push({
      variable: 'CONSUMER_HEARTBEAT_INTERVAL_MS',
      expected: `expected at most a third of CONSUMER_SESSION_TIMEOUT_MS (${Math.floor(consumer.sessionTimeoutMs / 3)})`,
      received: String(consumer.heartbeatIntervalMs),
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    service,
    brokers: kafka.brokers,
    clientId: `${kafka.clientId}-${service}`,
    maxMessageBytes: kafka.maxMessageBytes,
    relay: {
      enabled: outbox.relayEnabled,
      pollIntervalMs: outbox.pollIntervalMs,
      batchSize: outbox.batchSize,
    },
    consumer: { ...consumer },
  };
}
