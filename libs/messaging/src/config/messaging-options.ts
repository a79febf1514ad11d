/** How a service talks to Kafka. Built from the parsed settings by `messagingOptions`. */
export type MessagingOptions = {
  /** The service name: labels metrics, names the dead-letter topic `<service>.dlt.v1`. */
  service: string;
  brokers: string[];
  clientId?: string;
  /** The largest record batch a request may carry; see PRODUCER_DEFAULTS. */
  maxMessageBytes?: number;
  relay?: { enabled?: boolean; pollIntervalMs?: number; batchSize?: number };
  consumer?: Partial<RetrySettings & MembershipSettings>;
};

export type RelaySettings = { enabled: boolean; pollIntervalMs: number; batchSize: number };
export type RetrySettings = { maxAttempts: number; initialBackoffMs: number; maxBackoffMs: number };
export type MembershipSettings = { sessionTimeoutMs: number; heartbeatIntervalMs: number };

/**
 * Kafka refuses a record batch above the topic's `max.message.bytes` (broker default
 * 1,048,588); the producer splits requests to stay at or below this, and the relay
 * dead-letters a message that cannot fit alone. A round figure below Kafka's default.
 */
export const PRODUCER_DEFAULTS = { maxMessageBytes: 1_000_000 };

/** The smallest limit accepted: a dead letter (a value's first bytes and its reference) fits in it. */
export const MIN_MAX_MESSAGE_BYTES = 65_536;

/** Kafka's own ceiling for a request (socket.request.max.bytes, 100 MiB by default). */
export const MAX_MAX_MESSAGE_BYTES = 100 * 1_048_576;

export const RELAY_DEFAULTS: RelaySettings = {
  enabled: true,
  pollIntervalMs: 100,
  batchSize: 1000,
};
export const RETRY_DEFAULTS: RetrySettings = {
  maxAttempts: 5,
  initialBackoffMs: 200,
  maxBackoffMs: 10_000,
};

/**
 * A consumer killed without leaving its group (kill -9, a lost node) keeps its partitions, and
 * holds up the join of whoever replaces it, until its session times out: 10 s instead of
 * kafkajs's 30 s. The broker refuses less than its group.min.session.timeout.ms (6 s by
 * default). kafkajs heartbeats between batches, not in the background, so a batch must be
 * applied within the session; frequent heartbeats let members notice a rebalance sooner.
 */
export const MEMBERSHIP_DEFAULTS: MembershipSettings = {
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
};

/** The broker's default group.min.session.timeout.ms: a shorter session is refused at join. */
export const MIN_SESSION_TIMEOUT_MS = 6_000;

export function relaySettings(options: MessagingOptions): RelaySettings {
  return { ...RELAY_DEFAULTS, ...definedOnly(options.relay ?? {}) };
}

export function retrySettings(options: MessagingOptions): RetrySettings {
  const { maxAttempts, initialBackoffMs, maxBackoffMs } = options.consumer ?? {};
  return { ...RETRY_DEFAULTS, ...definedOnly({ maxAttempts, initialBackoffMs, maxBackoffMs }) };
}

export function membershipSettings(options: MessagingOptions): MembershipSettings {
  const { sessionTimeoutMs, heartbeatIntervalMs } = options.consumer ?? {};
  return { ...MEMBERSHIP_DEFAULTS, ...definedOnly({ sessionTimeoutMs, heartbeatIntervalMs }) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
