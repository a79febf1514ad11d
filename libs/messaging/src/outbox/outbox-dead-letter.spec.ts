import { createHash } from 'node:crypto';
import { MIN_MAX_MESSAGE_BYTES } from '../config/messaging-options';
import { fitsInRecordBatch } from '../producer/request-splitter';
import { DEAD_LETTER_PREVIEW_BYTES, tooLargeDeadLetter } from './outbox-dead-letter';
import type { OutboxRow } from './outbox.repository';

const failedAt = new Date('2026-01-02T03:04:05.000Z');

const row = (overrides: Partial<OutboxRow> = {}): OutboxRow => ({
  id: '41',
  position: 3,
  topic: 'ingest.rejected.v1',
  key: 'conn-1',
  value: Buffer.from(`{"blob":"${'x'.repeat(2_000_000)}"}`),
  headers: { traceparent: 'tp', 'omni-event-type': 'event.rejected' },
  ...overrides,
});

describe('dead letters for outbox messages too large for Kafka', () => {
  it('keep the whole message for dead_letters, found by its place in the outbox', () => {
    const original = row();
    const { record } = tooLargeDeadLetter(original, 1_000_000, failedAt);
    expect(record).toMatchObject({
      consumerGroup: 'outbox-relay',
      topic: 'ingest.rejected.v1',
      partition: 3,
      offset: '41',
      key: 'conn-1',
      attempts: 0,
      failedAt,
    });
    expect(record.value).toBe(original.value);
    expect(record.error).toMatch(
      /^message_too_large: about 2000\d{3} bytes as a record, more than KAFKA_MAX_MESSAGE_BYTES \(1000000\) allows$/,
    );
    expect(record.headers).toEqual({
      traceparent: 'tp',
      'omni-event-type': 'event.rejected',
      'omni-dlt-original-topic': 'ingest.rejected.v1',
      'omni-dlt-reason': 'message_too_large',
      'omni-dlt-error': record.error,
      'omni-dlt-failed-at': '2026-01-02T03:04:05.000Z',
      'omni-dlt-outbox-id': '41',
      'omni-dlt-value-bytes': String(original.value.length),
      'omni-dlt-value-hash': `sha256:${createHash('sha256').update(original.value).digest('hex')}`,
    });
  });

  it('publish the start of the value with the same headers', () => {
    const original = row();
    const { record, message } = tooLargeDeadLetter(original, 1_000_000, failedAt);
    expect(message.key).toBe('conn-1');
    expect(message.value).toEqual(original.value.subarray(0, DEAD_LETTER_PREVIEW_BYTES));
    expect(message.headers).toEqual(record.headers);
  });

  it('fit in the smallest accepted limit whatever the key and headers', () => {
    const original = row({
      key: '键'.repeat(100_000),
      headers: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`h${i}`, 'v'.repeat(10_000)]),
      ),
    });
    const { record, message } = tooLargeDeadLetter(original, MIN_MAX_MESSAGE_BYTES, failedAt);
    expect(fitsInRecordBatch(message, MIN_MAX_MESSAGE_BYTES)).toBe(true);
    // dead_letters still has the key and headers whole.
    expect(record.key).toBe(original.key);
    expect(record.headers).toMatchObject(original.headers);
    expect(message.headers).toMatchObject({ 'omni-dlt-reason': 'message_too_large' });
    expect(message.headers).not.toHaveProperty('h0');
  });
});
