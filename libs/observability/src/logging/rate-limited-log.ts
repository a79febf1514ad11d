/** The shortest time between two lines about the same repeated failure. */
export const REPEAT_WINDOW_MS = 60_000;

/** What to say when a repeated line is let through again. */
export type Admitted = {
  /** Occurrences kept quiet since this key was last logged. */
  suppressed: number;
  /** Milliseconds since this key was last logged (0 the first time). */
  sinceMs: number;
};

/**
 * Decides whether a line about a failure identified by `key` is logged now: the first occurrence
 * is, repeats within the window are only counted, and the first one after the window is logged
 * with that count. An outage then costs a line per minute per failure, not one per attempt.
 * Suppressed repeats are reported by the next occurrence; a failure that stops is not reported again.
 */
export class LogRateLimiter {
  private readonly seen = new Map<string, { loggedAt: number; suppressed: number }>();

  constructor(
    private readonly windowMs = REPEAT_WINDOW_MS,
    // Keys often carry an error message; bounded so that varied messages cannot grow the map forever.
    private readonly maxKeys = 1_000,
  ) {}

  /** Undefined: stay quiet. Otherwise log now, mentioning what was suppressed. */
  admit(key: string): Admitted | undefined {
    const now = Date.now();
    const entry = this.seen.get(key);
    if (entry !== undefined && now - entry.loggedAt < this.windowMs) {
      entry.suppressed += 1;
      return undefined;
    }
    if (entry === undefined && this.seen.size >= this.maxKeys) this.makeRoom(now);
    this.seen.set(key, { loggedAt: now, suppressed: 0 });
    return entry === undefined
      ? { suppressed: 0, sinceMs: 0 }
      : { suppressed: entry.suppressed, sinceMs: now - entry.loggedAt };
  }

  private makeRoom(now: number): void {
    for (const [key, entry] of this.seen) {
      if (now - entry.loggedAt >= this.windowMs) this.seen.delete(key);
    }
    // Still full of live keys: forget the one logged longest ago.
    if (this.seen.size >= this.maxKeys) this.seen.delete(this.seen.keys().next().value as string);
  }
}

/** The Nest `Logger` (or anything else that takes one message per line). */
export type MessageLogger = {
  warn(message: string): void;
  error(message: string): void;
};

/**
 * A message logger whose repeated failures are rate-limited by key (see LogRateLimiter), e.g.
 * a relay retrying against a broker that is down. Lines let through after a quiet period say
 * how many were suppressed.
 */
export class RateLimitedLogger {
  private readonly limiter: LogRateLimiter;

  constructor(
    private readonly logger: MessageLogger,
    windowMs = REPEAT_WINDOW_MS,
  ) {
    this.limiter = new LogRateLimiter(windowMs);
  }

  warn(key: string, message: string): void {
    this.write('warn', key, message);
  }

  error(key: string, message: string): void {
    this.write('error', key, message);
  }

  private write(level: 'warn' | 'error', key: string, message: string): void {
    const admitted = this.limiter.admit(key);
    if (admitted === undefined) return;
    this.logger[level](message + describeSuppressed(admitted));
  }
}

/** ` (12 more like this in the last 60 s)`, or nothing when none were suppressed. */
export function describeSuppressed({ suppressed, sinceMs }: Admitted): string {
  if (suppressed === 0) return '';
  return ` (${suppressed} more like this in the last ${Math.round(sinceMs / 1000)} s)`;
}
