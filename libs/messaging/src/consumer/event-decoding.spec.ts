import { decodeJson, envelopeEventId, UndecodableMessageError } from './event-decoding';

const raw = (value: string | null) => ({
  topic: 't',
  key: null,
  headers: {},
  value: value === null ? null : Buffer.from(value),
});

describe('event decoding', () => {
  it('parses a JSON value', () => {
    expect(decodeJson(raw('{"eventId":"e1"}'))).toEqual({ eventId: 'e1' });
  });

  it('invalid JSON and tombstones are undecodable', () => {
    expect(() => decodeJson(raw('{not json'))).toThrow(UndecodableMessageError);
    expect(() => decodeJson(raw(null))).toThrow(/tombstone/);
  });

  it("the event id is the envelope's eventId, at most 128 UTF-16 code units", () => {
    expect(envelopeEventId({ eventId: 'abc' })).toBe('abc');
    expect(() => envelopeEventId({ id: 'abc' })).toThrow(/no eventId/);
    expect(() => envelopeEventId('abc')).toThrow(UndecodableMessageError);
    expect(() => envelopeEventId({ eventId: 'x'.repeat(129) })).toThrow(
      /at most 128 UTF-16 code units/,
    );
  });

  it('the same eventId from two connectors is two events to the inbox', () => {
    const tmall = envelopeEventId({ eventId: '1001', connectorId: 'tmall-flagship' });
    const jd = envelopeEventId({ eventId: '1001', connectorId: 'jd-store' });
    expect(tmall).not.toBe(jd);
    expect(envelopeEventId({ eventId: '1001', connectorId: 'jd-store' })).toBe(jd);
  });
});
