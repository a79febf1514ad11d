import { firingDecision, parseQuietHours, quietUntil, type FiringChecks } from './firing-policy';

const now = new Date('2025-06-18T06:00:00Z');
const allowed: FiringChecks = {
  journeyEnabled: true,
  consent: true,
  contactsInWindow: 0,
  contactCap: 3,
  lastJourneyContactAt: null,
  reentryDays: 0,
  now,
};

describe('firing policy', () => {
  it('fires when the journey is on, the customer consented and no limit is reached', () => {
    expect(firingDecision(allowed)).toEqual({ fire: true });
  });

  it.each([
    ['journey-disabled', { journeyEnabled: false }],
    ['no-consent', { consent: false }],
    ['contact-cap', { contactsInWindow: 3 }],
    ['reentry-window', { reentryDays: 7, lastJourneyContactAt: new Date('2025-06-15T00:00:00Z') }],
  ] as const)('suppresses with reason %s', (reason, change) => {
    expect(firingDecision({ ...allowed, ...change })).toMatchObject({ fire: false, reason });
  });

  it('a contact older than the re-entry window does not suppress', () => {
    expect(
      firingDecision({
        ...allowed,
        reentryDays: 1,
        lastJourneyContactAt: new Date('2025-06-16T00:00:00Z'),
      }),
    ).toEqual({ fire: true });
  });

  it('consent is checked before the caps, so the reason names the missing consent', () => {
    expect(firingDecision({ ...allowed, consent: false, contactsInWindow: 9 })).toMatchObject({
      reason: 'no-consent',
    });
  });
});

describe('quiet hours', () => {
  const overnight = parseQuietHours('21:00-09:00');
  if (overnight === null || typeof overnight === 'string') throw new Error('bad fixture');

  it('a step due at 22:30 in Shanghai waits until 09:00 the next morning', () => {
    const at = new Date('2025-06-18T14:30:00Z'); // 22:30 +08:00
    expect(quietUntil(at, overnight, 'Asia/Shanghai')).toEqual(new Date('2025-06-19T01:00:00Z'));
  });

  it('a step due at 03:00 waits until 09:00 the same morning', () => {
    const at = new Date('2025-06-18T19:00:00Z'); // 03:00 +08:00 on the 19th
    expect(quietUntil(at, overnight, 'Asia/Shanghai')).toEqual(new Date('2025-06-19T01:00:00Z'));
  });

  it('outside quiet hours nothing waits', () => {
    expect(
      quietUntil(new Date('2025-06-18T06:00:00Z'), overnight, 'Asia/Shanghai'),
    ).toBeUndefined();
    expect(quietUntil(new Date('2025-06-18T06:00:00Z'), null, 'Asia/Shanghai')).toBeUndefined();
  });

  it('malformed quiet hours are refused with an example', () => {
    expect(parseQuietHours('9pm-9am')).toMatch(/HH:MM-HH:MM/);
    expect(parseQuietHours('')).toBeNull();
  });
});
