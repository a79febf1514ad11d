export type QuietHours = { startMinute: number; endMinute: number };

export type SuppressionReason =
  'journey-disabled' | 'no-consent' | 'reentry-window' | 'contact-cap';

export type FiringChecks = {
  journeyEnabled: boolean;
  consent: boolean;
  /** Contacts this customer got on the journey's channel within the cap's window. */
  contactsInWindow: number;
  contactCap: number;
  /** When this journey last contacted the customer from another instance, if ever. */
  lastJourneyContactAt: Date | null;
  reentryDays: number;
  now: Date;
};

export type FiringDecision =
  { fire: true } | { fire: false; reason: SuppressionReason; explanation: string };

const DAY_MS = 86_400_000;

/** Whether a due step may contact the customer now; each refusal says why. */
export function firingDecision(checks: FiringChecks): FiringDecision {
  if (!checks.journeyEnabled) {
    return {
      fire: false,
      reason: 'journey-disabled',
      explanation: 'the journey is not configured or disabled',
    };
  }
  if (!checks.consent) {
    return {
      fire: false,
      reason: 'no-consent',
      explanation: 'no consent for this channel and purpose',
    };
  }
  if (
    checks.reentryDays > 0 &&
    checks.lastJourneyContactAt !== null &&
    checks.now.getTime() - checks.lastJourneyContactAt.getTime() < checks.reentryDays * DAY_MS
  ) {
    return {
      fire: false,
      reason: 'reentry-window',
      explanation: `this journey contacted the customer at ${checks.lastJourneyContactAt.toISOString()}, within ${checks.reentryDays} days`,
    };
  }
  if (checks.contactsInWindow >= checks.contactCap) {
    return {
      fire: false,
      reason: 'contact-cap',
      explanation: `${checks.contactsInWindow} contacts on this channel already, the cap is ${checks.contactCap}`,
    };
  }
  return { fire: true };
}

const minuteOfDay = (at: Date, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return get('hour') * 60 + get('minute');
};

/**
 * The end of the quiet hours `at` falls in, in the brand's time zone, or undefined outside them.
 * A window may wrap midnight (21:00-09:00).
 */
export function quietUntil(at: Date, quiet: QuietHours | null, timeZone: string): Date | undefined {
  if (quiet === null || quiet.startMinute === quiet.endMinute) return undefined;
  const now = minuteOfDay(at, timeZone);
  const inside =
    quiet.startMinute < quiet.endMinute
      ? now >= quiet.startMinute && now < quiet.endMinute
      : now >= quiet.startMinute || now < quiet.endMinute;
  if (!inside) return undefined;
  const minutesLeft = (quiet.endMinute - now + 24 * 60) % (24 * 60);
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  return new Date(startOfMinute + minutesLeft * 60_000);
}

/** `21:00-09:00` as minutes of the day; empty means no quiet hours. */
export function parseQuietHours(text: string): QuietHours | null | string {
  if (text.trim() === '') return null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) return 'expected HH:MM-HH:MM, e.g. 21:00-09:00, or empty for none';
  const [, sh, sm, eh, em] = match.map(Number);
  return { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
}
