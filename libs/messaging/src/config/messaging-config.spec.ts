import { ConfigError, parseEnv, platformEnv } from '@omni/config';
import { messagingEnv, messagingOptionsFromEnv } from './messaging-config';
import { relaySettings, retrySettings } from './messaging-options';

const shape = { ...platformEnv, ...messagingEnv };

describe('messaging configuration', () => {
  it('defaults give a working relay and bounded retries', () => {
    const options = messagingOptionsFromEnv('crm', parseEnv(shape, {}));
    expect(options).toEqual({
      service: 'crm',
      brokers: ['127.0.0.1:9092'],
      clientId: 'omni-crm',
      relay: { enabled: true, pollIntervalMs: 100, batchSize: 1000 },
      consumer: { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 10_000 },
    });
  });

  it('reads every variable from the environment', () => {
    const options = messagingOptionsFromEnv(
      'pricing',
      parseEnv(shape, {
        KAFKA_BROKERS: 'k1:9092,k2:9092',
        OUTBOX_RELAY_ENABLED: 'false',
        OUTBOX_POLL_INTERVAL_MS: '50',
        OUTBOX_BATCH_SIZE: '200',
        CONSUMER_MAX_ATTEMPTS: '3',
        CONSUMER_INITIAL_BACKOFF_MS: '10',
        CONSUMER_MAX_BACKOFF_MS: '1000',
      }),
    );
    expect(options.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(relaySettings(options)).toEqual({ enabled: false, pollIntervalMs: 50, batchSize: 200 });
    expect(retrySettings(options)).toEqual({
      maxAttempts: 3,
      initialBackoffMs: 10,
      maxBackoffMs: 1000,
    });
  });

  it('a malformed batch size stops start-up naming the variable', () => {
    expect(() => parseEnv(shape, { OUTBOX_BATCH_SIZE: '0' })).toThrow(
      /OUTBOX_BATCH_SIZE: expected at least 1/,
    );
    expect(() => parseEnv(shape, { CONSUMER_MAX_ATTEMPTS: 'many' })).toThrow(ConfigError);
  });

  it('an initial backoff above the maximum is rejected with both names', () => {
    const config = parseEnv(shape, {
      CONSUMER_INITIAL_BACKOFF_MS: '5000',
      CONSUMER_MAX_BACKOFF_MS: '100',
    });
    expect(() => messagingOptionsFromEnv('crm', config)).toThrow(
      /CONSUMER_INITIAL_BACKOFF_MS: expected at most CONSUMER_MAX_BACKOFF_MS \(100\) \(got "5000"\)/,
    );
  });

  it('options left out fall back to defaults, one field at a time', () => {
    expect(relaySettings({ service: 's', brokers: [], relay: { batchSize: 7 } })).toEqual({
      enabled: true,
      pollIntervalMs: 100,
      batchSize: 7,
    });
    expect(
      retrySettings({ service: 's', brokers: [], consumer: { maxAttempts: undefined } })
        .maxAttempts,
    ).toBe(5);
  });
});
