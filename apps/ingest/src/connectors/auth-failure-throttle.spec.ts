import { AuthFailureThrottle } from './auth-failure-throttle';

describe('the per-source throttle of refused keys', () => {
  let now = 0;
  const throttle = (sources = 100) =>
    new AuthFailureThrottle({ perSecond: 2, burst: 3, sources }, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a source make `burst` attempts at once, then asks it to wait for the next token', () => {
    const t = throttle();
    expect([t.take('10.0.0.1'), t.take('10.0.0.1'), t.take('10.0.0.1')]).toEqual([0, 0, 0]);
    expect(t.take('10.0.0.1')).toBe(1);
    now += 499;
    expect(t.take('10.0.0.1')).toBe(1);
    now += 1;
    expect(t.take('10.0.0.1')).toBe(0);
    expect(t.take('10.0.0.1')).toBe(1);
  });

  it('counts each source on its own', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.take('10.0.0.1');
    expect(t.take('10.0.0.1')).toBe(1);
    expect(t.take('10.0.0.2')).toBe(0);
  });

  it('takes back nothing from a source whose attempts were right keys', () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) {
      expect(t.take('10.0.0.1')).toBe(0);
      t.giveBack('10.0.0.1');
    }
  });

  it('asks a source that keeps failing to wait as long as its bucket takes to refill', () => {
    const t = new AuthFailureThrottle({ perSecond: 1, burst: 1, sources: 10 }, () => now);
    expect(t.take('10.0.0.1')).toBe(0);
    expect(t.take('10.0.0.1')).toBe(1);
    now += 1_000;
    expect(t.take('10.0.0.1')).toBe(0);
  });

  it('forgets the least recently active source past its capacity, which starts again with a full bucket', () => {
    const t = throttle(1);
    for (let i = 0; i < 3; i++) t.take('10.0.0.1');
    t.take('10.0.0.2');
    expect(t.take('10.0.0.1')).toBe(0);
  });
});
