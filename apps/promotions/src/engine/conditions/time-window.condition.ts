import { z } from 'zod';
import type { PromotionCondition } from '../promotion-rule';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour clock)');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const args = z
  .strictObject({
    timeZone: z
      .string()
      .min(1)
      .max(64)
      .refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai'),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday, in the time zone. */
    daysOfWeek: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    /** A daily window in the time zone; `to` before `from` spans midnight. */
    hours: z.strictObject({ from: clock, to: clock }).optional(),
  })
  .refine(
    (window) =>
      window.from === undefined ||
      window.to === undefined ||
      Date.parse(window.from) < Date.parse(window.to),
    {
      message: 'expected from before to',
      path: ['to'],
    },
  );

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const formatters = new Map<string, Intl.DateTimeFormat>();
type LocalTime = { weekday: number; minutes: number; text: string };
// Every time-window promotion of a quote reads the same instant: formatting it (the costly
// part) once per time zone and instant is enough.
const lastRead = new Map<string, { at: number; local: LocalTime }>();

function localTime(at: Date, timeZone: string): LocalTime {
  const last = lastRead.get(timeZone);
  if (last !== undefined && last.at === at.getTime()) return last.local;
  const local = formatLocalTime(at, timeZone);
  lastRead.set(timeZone, { at: at.getTime(), local });
  return local;
}

function formatLocalTime(at: Date, timeZone: string): LocalTime {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(at).map((part) => [part.type, part.value]),
  );
  const hour = Number(parts['hour']);
  const minute = Number(parts['minute']);
  const weekday = WEEKDAYS.indexOf(parts['weekday'] ?? '') + 1;
  return {
    weekday,
    minutes: hour * 60 + minute,
    text: `${parts['weekday']} ${parts['hour']}:${parts['minute']}`,
  };
}

const minutesOf = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

/** The quote's instant is inside a window: dates, weekdays and daily hours in a time zone (flash sales). */
export const timeWindowCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'time-window',
  description:
    'The quote time is within `from`–`to`, on `daysOfWeek` and within daily `hours`, read in `timeZone`.',
  args,
  check(context, window) {
    const at = new Date(context.cart.at);
    const outside = (explanation: string) => ({
      ok: false as const,
      reason: 'outside-window' as const,
      explanation,
    });
    if (window.from !== undefined && at.getTime() < Date.parse(window.from))
      return outside(`starts at ${window.from}`);
    if (window.to !== undefined && at.getTime() >= Date.parse(window.to))
      return outside(`ended at ${window.to}`);
    const local = localTime(at, window.timeZone);
    if (window.daysOfWeek !== undefined && !window.daysOfWeek.includes(local.weekday))
      return outside(`not on ${local.text} (${window.timeZone})`);
    if (window.hours !== undefined) {
      const from = minutesOf(window.hours.from);
      const to = minutesOf(window.hours.to);
      const inside =
        from <= to
          ? local.minutes >= from && local.minutes < to
          : local.minutes >= from || local.minutes < to;
      if (!inside)
        return outside(
          `${local.text} (${window.timeZone}) is outside ${window.hours.from}–${window.hours.to}`,
        );
    }
    return { ok: true, explanation: `${local.text} (${window.timeZone}) is inside the window` };
  },
};
