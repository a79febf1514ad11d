import { goldenFixture } from '../fixtures/golden-fixtures';
import { EventValidationError } from './event-validator';
import { decodeDownstreamMessage } from './message-decoding';

const message = (value: string | null) => ({ value: value === null ? null : Buffer.from(value) });

describe('decodeDownstreamMessage', () => {
  it('reads a downstream event from its JSON bytes', () => {
    const event = goldenFixture('profile.merged', 1);
    expect(decodeDownstreamMessage(message(JSON.stringify(event)))).toEqual({
      ...event,
      identifiers: {},
    });
  });

  it('drops fields this version of the contracts does not know (tolerant reader)', () => {
    const event = { ...goldenFixture('profile.erased', 1), addedLater: true };
    expect(decodeDownstreamMessage(message(JSON.stringify(event)))).not.toHaveProperty(
      'addedLater',
    );
  });

  it.each([
    ['a tombstone', null, 'tombstone'],
    ['bytes that are not JSON', '{"type":', 'not valid JSON'],
    ['JSON that is not an event', '[1,2]', 'expected an event object'],
  ])('refuses %s with an EventValidationError', (_name, value, reason) => {
    expect(() => decodeDownstreamMessage(message(value))).toThrow(EventValidationError);
    expect(() => decodeDownstreamMessage(message(value))).toThrow(reason);
  });
});
