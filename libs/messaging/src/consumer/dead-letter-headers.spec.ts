import { deadLetterHeaders, truncateError, unsendableHeaders } from './dead-letter-headers';

describe('dead-letter headers', () => {
  const origin = {
    topic: 'crm.customer-changes.v1',
    partition: 2,
    offset: '41',
    consumerGroup: 'reporting',
    error: 'boom',
    attempts: 5,
    failedAt: new Date('2025-01-02T03:04:05.000Z'),
  };

  it('record where, why and how often the message failed', () => {
    expect(deadLetterHeaders({}, origin)).toEqual({
      'omni-dlt-original-topic': 'crm.customer-changes.v1',
      'omni-dlt-original-partition': '2',
      'omni-dlt-original-offset': '41',
      'omni-dlt-error': 'boom',
      'omni-dlt-attempts': '5',
      'omni-dlt-failed-at': '2025-01-02T03:04:05.000Z',
      'omni-dlt-consumer-group': 'reporting',
    });
  });

  it('keep the original headers byte for byte, including trace context', () => {
    const bytes = Buffer.from([0, 1, 2]);
    const headers = deadLetterHeaders(
      { traceparent: 'tp', custom: bytes, many: ['a', 'b'] },
      origin,
    );
    expect(headers).toMatchObject({ traceparent: 'tp', custom: bytes, many: ['a', 'b'] });
  });

  it('bound a long error message', () => {
    expect(truncateError('x'.repeat(5_000))).toHaveLength(2_000);
    expect(truncateError('short')).toBe('short');
  });

  it('say where an outbox message was going, why it never got there and how to find it whole', () => {
    expect(
      unsendableHeaders(
        { traceparent: 'tp' },
        {
          topic: 'ingest.rejected.v1',
          outboxId: '17',
          reason: 'message_too_large',
          error: 'e'.repeat(5_000),
          valueBytes: 1_400_000,
          valueHash: `sha256:${'ab'.repeat(32)}`,
          failedAt: origin.failedAt,
        },
      ),
    ).toEqual({
      traceparent: 'tp',
      'omni-dlt-original-topic': 'ingest.rejected.v1',
      'omni-dlt-reason': 'message_too_large',
      'omni-dlt-error': truncateError('e'.repeat(5_000)),
      'omni-dlt-failed-at': '2025-01-02T03:04:05.000Z',
      'omni-dlt-outbox-id': '17',
      'omni-dlt-value-bytes': '1400000',
      'omni-dlt-value-hash': `sha256:${'ab'.repeat(32)}`,
    });
  });
});
