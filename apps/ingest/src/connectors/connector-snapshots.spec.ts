import type { ConnectorEntity } from './connector.entity';
import { ConnectorSnapshots } from './connector-snapshots';

const row = (keyHash: string): ConnectorEntity => ({
  id: 'tmall',
  name: 'Tmall',
  channels: ['tmall'],
  keyHash,
  rateLimitPerSecond: 100,
  burst: 100,
  status: 'active',
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('connector snapshots', () => {
  let reads: number;
  let stored: ConnectorEntity | undefined;
  const snapshots = () =>
    new ConnectorSnapshots(
      async () => {
        reads++;
        await Promise.resolve();
        return stored;
      },
      { ttlMs: 1_000, recheckMs: 100 },
      () => Date.now(),
    );

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    reads = 0;
    stored = row('hash-1');
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('shares one read between concurrent callers and trusts it for the TTL', async () => {
    const s = snapshots();
    const [a, b] = await Promise.all([s.recent('tmall'), s.recent('tmall')]);
    expect(a).toBe(b);
    expect(reads).toBe(1);
    jest.setSystemTime(Date.now() + 1_000);
    expect(s.fresh('tmall')).toBe(a);
    jest.setSystemTime(Date.now() + 1);
    expect(s.fresh('tmall')).toBeUndefined();
    await s.recent('tmall');
    expect(reads).toBe(2);
  });

  it('confirms with a read begun after the given time, at most one per recheck interval', async () => {
    const s = snapshots();
    await s.recent('tmall');
    stored = row('hash-2');
    jest.setSystemTime(Date.now() + 1);
    const since = Date.now();
    const confirmations = Promise.all([
      s.confirmedSince('tmall', since),
      s.confirmedSince('tmall', since),
    ]);
    await jest.advanceTimersByTimeAsync(98);
    expect(reads).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    const [a, b] = await confirmations;
    expect(reads).toBe(2);
    expect(a.row?.keyHash).toBe('hash-2');
    expect(b).toBe(a);
    expect(a.readAt).toBeGreaterThanOrEqual(since);
  });

  it('reads again in the background past half the TTL, so a connector in use stays fresh', async () => {
    const s = snapshots();
    const first = await s.recent('tmall');
    jest.setSystemTime(Date.now() + 501);
    expect(s.fresh('tmall')).toBe(first);
    await jest.advanceTimersByTimeAsync(0);
    expect(reads).toBe(2);
    jest.setSystemTime(Date.now() + 600);
    expect(s.fresh('tmall')).not.toBe(first);
  });

  it('refreshes at once rather than wait for a confirmation scheduled for later', async () => {
    const s = new ConnectorSnapshots(
      async () => {
        reads++;
        return stored;
      },
      { ttlMs: 0, recheckMs: 100 },
      () => Date.now(),
    );
    await s.recent('tmall');
    jest.setSystemTime(Date.now() + 1);
    const confirmation = s.confirmedSince('tmall', Date.now());
    await s.recent('tmall');
    expect(reads).toBe(2);
    await jest.advanceTimersByTimeAsync(99);
    await confirmation;
    expect(reads).toBe(3);
  });

  it('keeps a verified key while the key hash stays, and drops it when the hash changes', async () => {
    const s = snapshots();
    await s.recent('tmall');
    s.markVerified('tmall', 'hash-1', Buffer.from('digest'));
    jest.setSystemTime(Date.now() + 2_000);
    expect((await s.recent('tmall')).verifiedDigest).toEqual(Buffer.from('digest'));
    stored = row('hash-2');
    jest.setSystemTime(Date.now() + 2_000);
    expect((await s.recent('tmall')).verifiedDigest).toBeUndefined();
  });

  it('keeps nothing for an id no connector has', async () => {
    const s = snapshots();
    stored = undefined;
    expect((await s.recent('nobody')).row).toBeUndefined();
    expect(s.fresh('nobody')).toBeUndefined();
    await s.recent('nobody');
    expect(reads).toBe(2);
  });

  it('does not keep what a read begun before forget() saw', async () => {
    const s = snapshots();
    const before = s.recent('tmall');
    s.forget('tmall');
    await before;
    expect(s.fresh('tmall')).toBeUndefined();
  });
});
