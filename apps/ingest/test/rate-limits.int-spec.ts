import { DataSource } from 'typeorm';
import type { Connector } from '../src/connectors/connector';
import { RateLimitBucketsRepository } from '../src/connectors/rate-limit-buckets.repository';
import { RateLimiter } from '../src/connectors/rate-limiter.service';
import { registerConnector, useIngestApp } from './support/ingest-test-kit';

describe('connector rate limits shared by replicas', () => {
  const ingest = useIngestApp();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = ingest.app.get(DataSource);
  });

  const connectorWith = async (rateLimitPerSecond: number, burst: number): Promise<Connector> => {
    const { id } = await registerConnector(ingest.app, { rateLimitPerSecond, burst });
    const now = new Date().toISOString();
    return {
      id,
      name: id,
      channels: ['web'],
      rateLimitPerSecond,
      burst,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
  };
  const storedTokens = async (connectorId: string): Promise<number> => {
    const [row] = await dataSource.query(
      'SELECT tokens FROM rate_limit_buckets WHERE connector_id = $1',
      [connectorId],
    );
    return row.tokens;
  };
  const replica = (leaseMs: number) =>
    new RateLimiter(new RateLimitBucketsRepository(dataSource), { rateLimit: { leaseMs } });

  it('two replicas leasing from one bucket never grant more than it holds', async () => {
    // A slow refill, so the test refuses requests however long a busy machine makes it take.
    const connector = await connectorWith(5, 50);
    const [a, b] = [replica(1_000), replica(1_000)];
    const started = Date.now();
    const decisions = await Promise.all(
      Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? a : b).take(connector, 1)),
    );
    const seconds = (Date.now() - started) / 1_000;
    const granted = decisions.filter((d) => d.granted).length;
    // The burst plus what refilled meanwhile; at most one lease per replica may be stranded.
    expect(granted).toBeLessThanOrEqual(50 + Math.ceil(seconds * 5));
    expect(granted).toBeGreaterThanOrEqual(50 - 2 * 5);
    expect(decisions.some((d) => !d.granted)).toBe(true);
  });

  it('a busy connector costs one bucket update per lease, not one per request', async () => {
    const connector = await connectorWith(10_000, 100_000);
    const limiter = replica(60_000);
    expect(await limiter.take(connector, 10)).toEqual({ granted: true });
    // The first request leased a minute of the rate, capped at the burst: the whole bucket.
    expect(await storedTokens(connector.id)).toBe(0);
    for (let i = 0; i < 50; i++)
      expect(await limiter.take(connector, 10)).toEqual({ granted: true });
    expect(await storedTokens(connector.id)).toBe(0);
  });

  it('with leasing off, every request spends its tokens in the shared bucket', async () => {
    const connector = await connectorWith(1, 1_000);
    const limiter = replica(0);
    for (let i = 0; i < 3; i++) await limiter.take(connector, 10);
    expect(await storedTokens(connector.id)).toBeCloseTo(970, -1);
  });

  it('a refused request says when enough tokens will be back', async () => {
    const connector = await connectorWith(2, 10);
    const limiter = replica(100);
    expect(await limiter.take(connector, 10)).toEqual({ granted: true });
    const refused = await limiter.take(connector, 8);
    expect(refused.granted).toBe(false);
    expect(refused.granted === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(3);
  });

  it('leased tokens left over still serve the next request of the same replica', async () => {
    const connector = await connectorWith(100, 100);
    const limiter = replica(10_000);
    expect(await limiter.take(connector, 30)).toEqual({ granted: true });
    const afterLease = await storedTokens(connector.id);
    expect(afterLease).toBeLessThan(1);
    expect(await limiter.take(connector, 70)).toEqual({ granted: true });
    expect(await storedTokens(connector.id)).toBe(afterLease);
  });
});
