import { goldenFixture } from '@omni/contracts';
import { decodeIngestedEvent, resolvedEventMessage } from './resolved-event';

const resolution = { customerId: 'cus_0123456789abcdef01234567', profileVersion: 3, changes: [] };
const input = {
  ...goldenFixture('page.viewed', 1),
  eventId: 'ev-1',
  identifiers: { deviceId: 'dev-1' },
};
const decoded = (value: unknown) =>
  Buffer.isBuffer(value) ? JSON.parse(value.toString('utf8')) : JSON.parse(JSON.stringify(value));
const expected = (envelope: object) => ({
  ...envelope,
  customerId: resolution.customerId,
  profileVersion: 3,
  correlationId: 'ev-1',
  causationId: 'ev-1',
});
/** The event as the consumer has it: decoded from these bytes, with the bytes beside it. */
const consumed = (text: string) => {
  const value = Buffer.from(text);
  return { envelope: decodeIngestedEvent({ topic: 't', key: null, value, headers: {} }), value };
};

describe('the resolved event', () => {
  it('splices customerId, version and ids into the bytes as received, giving the same event', () => {
    const { envelope, value } = consumed(`${JSON.stringify(input)}\n `);
    const message = resolvedEventMessage('t', envelope, resolution, 'k', value);
    expect(Buffer.isBuffer(message.value)).toBe(true);
    expect(decoded(message.value)).toEqual(expected(envelope));
    expect(message.key).toBe(resolution.customerId);
    const serialised = resolvedEventMessage('t', envelope, resolution, 'k');
    expect(Buffer.isBuffer(serialised.value)).toBe(false);
    expect(decoded(serialised.value)).toEqual(decoded(message.value));
  });

  it('forwards fields this version of the contracts does not know, as the original envelope', () => {
    const newer = { ...input, futureField: { kept: true } };
    const { envelope, value } = consumed(JSON.stringify(newer));
    expect(envelope).not.toHaveProperty('futureField');
    const message = resolvedEventMessage('t', envelope, resolution, 'k', value);
    expect(decoded(message.value)).toEqual(expected(newer));
  });

  it('serialises afresh an input that already names an added field, or bytes it did not decode', () => {
    for (const field of ['customerId', 'profileVersion', 'correlationId', 'causationId']) {
      const { envelope, value } = consumed(JSON.stringify({ ...input, [field]: 'x' }));
      const message = resolvedEventMessage('t', envelope, resolution, 'k', value);
      expect(Buffer.isBuffer(message.value)).toBe(false);
      expect(decoded(message.value)).toEqual(expected(envelope));
    }
    const { envelope } = consumed(JSON.stringify(input));
    const other = resolvedEventMessage('t', envelope, resolution, 'k', Buffer.from('[1]'));
    expect(decoded(other.value)).toEqual(expected(envelope));
  });

  it('serialises an event about no person afresh, with its key and without a customerId', () => {
    const { envelope, value } = consumed(JSON.stringify(input));
    const message = resolvedEventMessage('t', envelope, undefined, 'fallback', value);
    expect(Buffer.isBuffer(message.value)).toBe(false);
    expect(message.key).toBe('fallback');
    expect(decoded(message.value)).not.toHaveProperty('customerId');
  });
});
