import { ExpiringLru } from './expiring-lru';

describe('an expiring LRU', () => {
  it('forgets the least recently used entry once past its capacity', () => {
    const lru = new ExpiringLru<string, number>(2);
    lru.set('a', 1, 100);
    lru.set('b', 2, 100);
    expect(lru.get('a', 0)).toBe(1);
    lru.set('c', 3, 100);
    expect(lru.get('b', 0)).toBeUndefined();
    expect(lru.get('a', 0)).toBe(1);
    expect(lru.get('c', 0)).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('answers nothing for an entry past its expiry, and drops it', () => {
    const lru = new ExpiringLru<string, number>(10);
    lru.set('a', 1, 100);
    expect(lru.get('a', 99)).toBe(1);
    expect(lru.get('a', 100)).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('keeps nothing with a capacity of zero', () => {
    const lru = new ExpiringLru<string, number>(0);
    lru.set('a', 1, 100);
    expect(lru.get('a', 0)).toBeUndefined();
  });
});
