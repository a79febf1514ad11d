import { createHash } from 'node:crypto';
import { HEADERS } from '@omni/contracts';
import { fitsInRecordBatch } from '../producer/request-splitter';
import { fitForDeadLetterTopic } from './dead-letter-fit';

const limit = 65_536;

describe('fitting a dead letter to the topic', () => {
  it('sends a message that fits exactly as it is', () => {
    const message = { key: 'k', value: Buffer.alloc(1_000, 1), headers: { a: 'b' } };
    expect(fitForDeadLetterTopic(message, limit)).toBe(message);
  });

  it('sends the start of a value too large with its headers, and the size and hash to find it whole', () => {
    const value = Buffer.alloc(limit, 2);
    const fitted = fitForDeadLetterTopic({ key: 'k', value, headers: { a: 'b' } }, limit);
    expect(fitsInRecordBatch(fitted, limit)).toBe(true);
    expect(fitted.value).toEqual(value.subarray(0, 16 * 1_024));
    expect(fitted.headers).toEqual({
      a: 'b',
      [HEADERS.dltValueBytes]: String(limit),
      [HEADERS.dltValueHash]: `sha256:${createHash('sha256').update(value).digest('hex')}`,
    });
  });

  it('keeps only the dead-letter headers when the original headers alone are too large', () => {
    const fitted = fitForDeadLetterTopic(
      {
        key: 'k',
        value: Buffer.alloc(10),
        headers: { big: 'x'.repeat(limit), [HEADERS.dltError]: 'boom' },
      },
      limit,
    );
    expect(fitsInRecordBatch(fitted, limit)).toBe(true);
    expect(Object.keys(fitted.headers ?? {}).sort()).toEqual(
      [HEADERS.dltError, HEADERS.dltValueBytes, HEADERS.dltValueHash].sort(),
    );
  });
});
