import { goldenFixture, parseEvent } from '@omni/contracts';
import { resolvedEventMessage } from './resolved-event';

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

describe('the resolved event', () => {
  it('splices customerId, version and ids into the bytes as received, giving the same event', () => {
    const raw = Buffer.from(`${JSON.stringify(input)}\n `);
    const message = resolvedEventMessage('t', parseEvent(input), resolution, 'k', raw);
    expect(Buffer.isBuffer(message.value)).toBe(true);
    expect(decoded(message.value)).toEqual(expected(parseEvent(input)));
    expect(message.key).toBe(resolution.customerId);
    const again = resolvedEventMessage('t', parseEvent(input), resolution, 'k');
    expect(decoded(again.value)).toEqual(decoded(message.value));
  });

  it('forwards fields this version of the contracts does not know, as the original envelope', () => {
    const newer = { ...input, futureField: { kept: true } };
    const message = resolvedEventMessage(
      't',
      parseEvent(newer),
      resolution,
      'k',
      Buffer.from(JSON.stringify(newer)),
    );
    expect(decoded(message.value)).toEqual(expected(newer));
  });

  it('serialises afresh when the input already names an added field, or is not an object', () => {
    const named = { ...input, correlationId: 'other' };
    const fresh = resolvedEventMessage(
      't',
      parseEvent(named),
      resolution,
      'k',
      Buffer.from(JSON.stringify(named)),
    );
    expect(Buffer.isBuffer(fresh.value)).toBe(false);
    expect(decoded(fresh.value)).toEqual(expected(parseEvent(named)));
    const odd = resolvedEventMessage('t', parseEvent(input), resolution, 'k', Buffer.from('[1]'));
    expect(decoded(odd.value)).toEqual(expected(parseEvent(input)));
  });

  it('serialises an event about no person afresh, with its key and without a customerId', () => {
    const message = resolvedEventMessage(
      't',
      parseEvent(input),
      undefined,
      'fallback',
      Buffer.from(JSON.stringify(input)),
    );
    expect(Buffer.isBuffer(message.value)).toBe(false);
    expect(message.key).toBe('fallback');
    expect(decoded(message.value)).not.toHaveProperty('customerId');
  });
});
