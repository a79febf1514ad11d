import { LogRateLimiter, RateLimitedLogger } from './rate-limited-log';

describe('LogRateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2025-06-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('lets the first occurrence through and counts repeats within the window', () => {
    const limiter = new LogRateLimiter(60_000);
    expect(limiter.admit('kafka down')).toEqual({ suppressed: 0, sinceMs: 0 });
    jest.advanceTimersByTime(1_000);
    expect(limiter.admit('kafka down')).toBeUndefined();
    expect(limiter.admit('kafka down')).toBeUndefined();
    jest.advanceTimersByTime(59_000);
    expect(limiter.admit('kafka down')).toEqual({ suppressed: 2, sinceMs: 60_000 });
    expect(limiter.admit('kafka down')).toBeUndefined();
  });

  it('limits each key on its own', () => {
    const limiter = new LogRateLimiter(60_000);
    expect(limiter.admit('kafka down')).toBeDefined();
    expect(limiter.admit('database down')).toBeDefined();
    expect(limiter.admit('kafka down')).toBeUndefined();
  });

  it('keeps at most maxKeys keys, forgetting expired ones first', () => {
    const limiter = new LogRateLimiter(60_000, 2);
    limiter.admit('a');
    jest.advanceTimersByTime(60_000);
    limiter.admit('b');
    limiter.admit('c');
    // "a" had expired and was forgotten; "b" is still limited.
    expect(limiter.admit('b')).toBeUndefined();
    limiter.admit('d');
    // Full of live keys, the oldest one ("b") made room.
    expect(limiter.admit('b')).toEqual({ suppressed: 0, sinceMs: 0 });
  });
});

describe('RateLimitedLogger', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2025-06-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('writes a repeated failure once per window with the count of what it kept quiet', () => {
    const lines: string[] = [];
    const logger = new RateLimitedLogger(
      { warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) },
      60_000,
    );
    for (let attempt = 1; attempt <= 5; attempt++) {
      logger.error('relay:broker down', `relay failed (attempt ${attempt}): broker down`);
      jest.advanceTimersByTime(15_000);
    }
    logger.warn('retry:lock busy', 'retrying: lock busy');
    expect(lines).toEqual([
      'error relay failed (attempt 1): broker down',
      'error relay failed (attempt 5): broker down (3 more like this in the last 60 s)',
      'warn retrying: lock busy',
    ]);
  });
});
