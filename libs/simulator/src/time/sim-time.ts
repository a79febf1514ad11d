import type { Prng } from '../random/prng';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * The simulated calendar: a fixed UTC offset (China has no daylight saving), whole-second
 * instants, and ISO 8601 strings with the local offset as the golden fixtures write them.
 */
export class SimTime {
  readonly startMs: number;
  readonly endMs: number;
  private readonly offsetMs: number;
  private readonly suffix: string;
  private readonly dateCache = new Map<number, string>();
  private readonly isoDayCache = new Map<number, string>();

  constructor(startDate: string, days: number, utcOffsetMinutes: number) {
    this.offsetMs = utcOffsetMinutes * MINUTE;
    this.startMs = Date.parse(`${startDate}T00:00:00Z`) - this.offsetMs;
    this.endMs = this.startMs + days * DAY;
    const sign = utcOffsetMinutes < 0 ? '-' : '+';
    const minutes = Math.abs(utcOffsetMinutes);
    this.suffix = `${sign}${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
  }

  /** `2025-06-18T20:15:00+08:00` */
  iso(ms: number): string {
    const local = ms + this.offsetMs;
    const day = Math.floor(local / DAY);
    let prefix = this.isoDayCache.get(day);
    if (prefix === undefined) {
      prefix = new Date(day * DAY).toISOString().slice(0, 11);
      this.isoDayCache.set(day, prefix);
    }
    const seconds = Math.floor((local - day * DAY) / SECOND);
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    return `${prefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds % 60]}${this.suffix}`;
  }

  /** Whole days since the start, by local midnight. */
  dayIndex(ms: number): number {
    return Math.floor((ms - this.startMs) / DAY);
  }

  /** Local midnight of a day index. */
  dayStart(dayIndex: number): number {
    return this.startMs + dayIndex * DAY;
  }

  /** The local calendar date, `YYYY-MM-DD`. */
  localDate(ms: number): string {
    const day = this.dayIndex(ms);
    let date = this.dateCache.get(day);
    if (date === undefined) {
      date = new Date(this.dayStart(day) + this.offsetMs).toISOString().slice(0, 10);
      this.dateCache.set(day, date);
    }
    return date;
  }

  /** The local date without separators, for ids: `20250618`. */
  compactDate(ms: number): string {
    return this.localDate(ms).replaceAll('-', '');
  }

  within(ms: number): boolean {
    return ms >= this.startMs && ms < this.endMs;
  }
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => value.toString().padStart(2, '0'));

/** Draws a time of day from 24 hourly weights; whole seconds. */
export class HourSampler {
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(weights: readonly number[]) {
    let sum = 0;
    this.cumulative = weights.map((weight) => (sum += weight));
    this.total = sum;
  }

  /** Milliseconds after local midnight. */
  sample(rng: Prng): number {
    const target = rng.next() * this.total;
    let hour = 0;
    while (hour < 23 && this.cumulative[hour] <= target) hour++;
    return hour * HOUR + rng.int(0, 3599) * SECOND;
  }
}

/** Rounds down to a whole second, so emitted order and occurredAt order agree. */
export function wholeSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

function pad2(value: number): string {
  return value.toString().padStart(2, '0');
}
