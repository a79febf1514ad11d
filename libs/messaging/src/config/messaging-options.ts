/** How a service talks to Kafka. Built from the environment by `messagingOptionsFromEnv`. */
export type MessagingOptions = {
  /** The service name: labels metrics, names the dead-letter topic `<service>.dlt.v1`. */
  service: string;
  brokers: string[];
  clientId?: string;
  relay?: { enabled?: boolean; pollIntervalMs?: number; batchSize?: number };
  consumer?: { maxAttempts?: number; initialBackoffMs?: number; maxBackoffMs?: number };
};

export type RelaySettings = { enabled: boolean; pollIntervalMs: number; batchSize: number };
export type RetrySettings = { maxAttempts: number; initialBackoffMs: number; maxBackoffMs: number };

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

export function relaySettings(options: MessagingOptions): RelaySettings {
  return { ...RELAY_DEFAULTS, ...definedOnly(options.relay ?? {}) };
}

export function retrySettings(options: MessagingOptions): RetrySettings {
  return { ...RETRY_DEFAULTS, ...definedOnly(options.consumer ?? {}) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
