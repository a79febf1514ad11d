import { ExpiringLru } from './expiring-lru';

export type AuthFailureThrottleSettings = {
  /** Refused keys a source may present per second, on average. */
  perSecond: number;
  /** Refused keys a source may present at once after a quiet spell. */
  burst: number;
  /** Sources tracked at once; the least recently active is forgotten first. */
  sources: number;
};

type Bucket = { tokens: number; at: number };

/**
 * A token bucket of refused keys per source address, in this replica's memory: a key guesser
 * gets `burst` answers, then `perSecond`. Each attempt takes its token before the key is
 * checked, so concurrent attempts cannot overdraw the bucket; a key that turns out right gives
 * it back. A bucket is forgotten once it would be full again, the same as never touched.
 */
export class AuthFailureThrottle {
  private readonly buckets: ExpiringLru<string, Bucket>;

  constructor(
    private readonly settings: AuthFailureThrottleSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new ExpiringLru(settings.sources);
  }

  /** Takes a token for an attempt by `source`: 0 when taken, else whole seconds until one is due. */
  take(source: string): number {
    const now = this.now();
    const tokens = this.tokens(source, now);
    if (tokens < 1) return Math.ceil((1 - tokens) / this.settings.perSecond);
    this.keep(source, tokens - 1, now);
    return 0;
  }

  /** Returns the token of an attempt that was not a refused key. */
  giveBack(source: string): void {
    const now = this.now();
    this.keep(source, Math.min(this.settings.burst, this.tokens(source, now) + 1), now);
  }

  private keep(source: string, tokens: number, now: number): void {
    const fullAt = now + ((this.settings.burst - tokens) / this.settings.perSecond) * 1_000;
    this.buckets.set(source, { tokens, at: now }, fullAt);
  }

  private tokens(source: string, now: number): number {
    const bucket = this.buckets.get(source, now);
    if (bucket === undefined) return this.settings.burst;
    return Math.min(
      this.settings.burst,
      bucket.tokens + ((now - bucket.at) / 1_000) * this.settings.perSecond,
    );
  }
}
