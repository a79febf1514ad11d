import { ConfigError, parseConfig } from '@omni/config';
import { messagingOptions, messagingSettings } from './messaging-config';
import { membershipSettings, relaySettings, retrySettings } from './messaging-options';

const parse = (source: Record<string, string>) => parseConfig(messagingSettings, source);

describe('messaging configuration', () => {
  it('defaults give a working relay and bounded retries', () => {
    const options = messagingOptions('crm', parse({}));
    expect(options).toEqual({
      service: 'crm',
      brokers: ['127.0.0.1:9092'],
      clientId: 'omni-crm',
      maxMessageBytes: 1_000_000,
      relay: { enabled: true, pollIntervalMs: 100, batchSize: 1000 },
      consumer: {
        maxAttempts: 5,
        initialBackoffMs: 200,
        maxBackoffMs: 10_000,
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 1_000,
      },
    });
  });

  it('reads every variable from the environment', () => {
    const options = messagingOptions(
      'pricing',
      parse({
        KAFKA_BROKERS: 'k1:9092,k2:9092',
        KAFKA_MAX_MESSAGE_BYTES: '500000',
        OUTBOX_RELAY_ENABLED: 'false',
        OUTBOX_POLL_INTERVAL_MS: '50',
        OUTBOX_BATCH_SIZE: '200',
        CONSUMER_MAX_ATTEMPTS: '3',
        CONSUMER_INITIAL_BACKOFF_MS: '10',
        CONSUMER_MAX_BACKOFF_MS: '1000',
        CONSUMER_SESSION_TIMEOUT_MS: '45000',
        CONSUMER_HEARTBEAT_INTERVAL_MS: '3000',
      }),
    );
    expect(options.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(options.maxMessageBytes).toBe(500_000);
    expect(relaySettings(options)).toEqual({ enabled: false, pollIntervalMs: 50, batchSize: 200 });
    expect(retrySettings(options)).toEqual({
      maxAttempts: 3,
      initialBackoffMs: 10,
      maxBackoffMs: 1000,
    });
    expect(membershipSettings(options)).toEqual({
      sessionTimeoutMs: 45_000,
      heartbeatIntervalMs: 3_000,
    });
  });

  it('a malformed batch size stops start-up naming the variable', () => {
    expect(() => parse({ OUTBOX_BATCH_SIZE: '0' })).toThrow(
      /OUTBOX_BATCH_SIZE: expected at least 1/,
    );
    expect(() => parse({ CONSUMER_MAX_ATTEMPTS: 'many' })).toThrow(ConfigError);
    // Too small a limit would leave no room for a dead letter.
    expect(() => parse({ KAFKA_MAX_MESSAGE_BYTES: '1000' })).toThrow(
      /KAFKA_MAX_MESSAGE_BYTES: expected at least 65536/,
    );
  });

  it('an initial backoff above the maximum is rejected with both names', () => {
    const config = parse({
      CONSUMER_INITIAL_BACKOFF_MS: '5000',
      CONSUMER_MAX_BACKOFF_MS: '100',
    });
    expect(() => messagingOptions('crm', config)).toThrow(
      /CONSUMER_INITIAL_BACKOFF_MS: expected at most CONSUMER_MAX_BACKOFF_MS \(100\) \(got "5000"\)/,
    );
  });

  it('a session shorter than the broker accepts stops start-up naming the variable', () => {
    expect(() => parse({ CONSUMER_SESSION_TIMEOUT_MS: '3000' })).toThrow(
      /CONSUMER_SESSION_TIMEOUT_MS: expected at least 6000/,
    );
  });

  it('a heartbeat above a third of the session is rejected with both names', () => {
    const config = parse({
      CONSUMER_SESSION_TIMEOUT_MS: '9000',
      CONSUMER_HEARTBEAT_INTERVAL_MS: '3001',
    });
    expect(() => messagingOptions('crm', config)).toThrow(
      /CONSUMER_HEARTBEAT_INTERVAL_MS: expected at most a third of CONSUMER_SESSION_TIMEOUT_MS \(3000\) \(got "3001"\)/,
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
    expect(membershipSettings({ service: 's', brokers: [], consumer: { maxAttempts: 2 } })).toEqual(
      { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000 },
    );
  });
});
