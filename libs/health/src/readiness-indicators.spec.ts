import { HealthIndicatorService } from '@nestjs/terminus';
import { ConsumersHealthIndicator } from './consumers.health';
import type { HealthSettings } from './health-settings';
import { KafkaHealthIndicator } from './kafka.health';
import { OutboxLagHealthIndicator } from './outbox-lag.health';
import type { ConsumerReadiness, OutboxLag } from './readiness-probes';

const settings: HealthSettings = {
  maxOutboxLagRows: 100,
  maxOutboxLagMs: 10_000,
  probeTimeoutMs: 50,
};
const never = <T>() => new Promise<T>(() => undefined);

const outboxIndicator = (outboxLag: () => Promise<OutboxLag>) =>
  new OutboxLagHealthIndicator(new HealthIndicatorService(), { outboxLag }, settings);

describe('the outbox lag check', () => {
  it('is up at the thresholds, reporting the lag and the limits', async () => {
    const result = await outboxIndicator(async () => ({ rows: 100, oldestAgeMs: 10_000 })).check(
      'outbox',
    );
    expect(result).toEqual({
      outbox: { status: 'up', rows: 100, oldestAgeMs: 10_000, maxRows: 100, maxAgeMs: 10_000 },
    });
  });

  it('is down when too many rows wait', async () => {
    const result = await outboxIndicator(async () => ({ rows: 101, oldestAgeMs: 5 })).check(
      'outbox',
    );
    expect(result.outbox).toMatchObject({
      status: 'down',
      rows: 101,
      reason: '101 unpublished rows, more than 100',
    });
  });

  it('is down when the oldest row has waited too long, however few rows there are', async () => {
    const result = await outboxIndicator(async () => ({ rows: 1, oldestAgeMs: 10_001 })).check(
      'outbox',
    );
    expect(result.outbox).toMatchObject({
      status: 'down',
      reason: expect.stringMatching(/10001ms old/),
    });
  });

  it('is down when the probe fails or does not answer in time', async () => {
    const failed = await outboxIndicator(async () =>
      Promise.reject(new Error('relation "outbox" does not exist')),
    ).check('outbox');
    expect(failed.outbox).toMatchObject({
      status: 'down',
      reason: 'relation "outbox" does not exist',
    });
    const hung = await outboxIndicator(never).check('outbox');
    expect(hung.outbox).toMatchObject({ status: 'down', reason: 'no answer within 50ms' });
  });
});

describe('the Kafka check', () => {
  const kafkaIndicator = (kafkaReady: () => Promise<boolean>) =>
    new KafkaHealthIndicator(new HealthIndicatorService(), { kafkaReady }, settings);

  it('follows the probe', async () => {
    expect(await kafkaIndicator(async () => true).check('kafka')).toEqual({
      kafka: { status: 'up' },
    });
    expect((await kafkaIndicator(async () => false).check('kafka')).kafka).toMatchObject({
      status: 'down',
    });
  });

  it('is down when the probe hangs', async () => {
    expect((await kafkaIndicator(never).check('kafka')).kafka).toEqual({
      status: 'down',
      reason: 'no answer within 50ms',
    });
  });
});

describe('the consumers check', () => {
  const consumersIndicator = (consumers: ConsumerReadiness[]) =>
    new ConsumersHealthIndicator(new HealthIndicatorService(), { consumers: () => consumers });

  it('waits for a probe that answers later (the main thread, asked from another HTTP thread)', async () => {
    const later = new ConsumersHealthIndicator(new HealthIndicatorService(), {
      consumers: async () => [
        { name: 'pricing-feeds', status: 'failed', ready: false, gatesReadiness: true },
      ],
    });
    expect((await later.check('consumers')).consumers).toMatchObject({
      status: 'down',
      groups: { 'pricing-feeds': 'failed' },
    });
  });

  it('is up while every consumer that gates readiness is joining or consuming, listing each group', async () => {
    expect(
      await consumersIndicator([
        { name: 'identity-resolution', status: 'joining', ready: true, gatesReadiness: true },
        { name: 'ingest-raw', status: 'failed', ready: false, gatesReadiness: false },
      ]).check('consumers'),
    ).toEqual({
      consumers: {
        status: 'up',
        groups: { 'identity-resolution': 'joining', 'ingest-raw': 'failed' },
      },
    });
  });

  it('is down naming the gating consumers that are not in their group', async () => {
    const result = await consumersIndicator([
      { name: 'identity-resolution', status: 'connecting', ready: false, gatesReadiness: true },
      { name: 'other', status: 'consuming', ready: true, gatesReadiness: true },
    ]).check('consumers');
    expect(result.consumers).toMatchObject({
      status: 'down',
      reason: 'not in their consumer group: identity-resolution',
    });
  });
});
