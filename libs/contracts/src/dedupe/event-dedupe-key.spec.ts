import fc from 'fast-check';
import { eventDedupeKey, RecentEventKeys } from './event-dedupe-key';

describe('eventDedupeKey', () => {
  it('tells apart the same eventId sent by two connectors', () => {
    expect(eventDedupeKey({ eventId: '1001', connectorId: 'tmall-flagship' })).not.toBe(
      eventDedupeKey({ eventId: '1001', connectorId: 'jd-store' }),
    );
  });

  it('is the eventId alone for service events, which carry no connector', () => {
    expect(eventDedupeKey({ eventId: 'a1b2' })).toBe('a1b2');
  });

  it('never gives two different (connector, eventId) pairs the same key', () => {
    const connectorId = fc.stringMatching(/^[a-z0-9-]{1,63}$/);
    fc.assert(
      fc.property(connectorId, fc.string(), connectorId, fc.string(), (c1, e1, c2, e2) => {
        fc.pre(c1 !== c2 || e1 !== e2);
        expect(eventDedupeKey({ connectorId: c1, eventId: e1 })).not.toBe(
          eventDedupeKey({ connectorId: c2, eventId: e2 }),
        );
      }),
    );
  });
});

describe('RecentEventKeys', () => {
  it('answers true for the first copy of a key and false for the next ones', () => {
    const recent = new RecentEventKeys(10);
    expect(recent.firstTime('a')).toBe(true);
    expect(recent.firstTime('a')).toBe(false);
    expect(recent.firstTime('b')).toBe(true);
  });

  it('forgets the oldest key once its window is full', () => {
    const recent = new RecentEventKeys(2);
    for (const key of ['a', 'b', 'c']) recent.firstTime(key);
    expect(recent.firstTime('a')).toBe(true);
    expect(recent.firstTime('c')).toBe(false);
  });

  it('refuses a window that is not a positive whole number', () => {
    expect(() => new RecentEventKeys(0)).toThrow(/positive whole number/);
  });
});
