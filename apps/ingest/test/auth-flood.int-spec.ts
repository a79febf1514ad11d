import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../src/config/ingest-config';
import { GateFullError } from '../src/connectors/concurrency-gate';
import { ConnectorsService } from '../src/connectors/connectors.service';
import {
  orderPlaced,
  registerConnector,
  useIngestApp,
  type RegisteredConnector,
} from './support/ingest-test-kit';

const wrongKeyFor = (connectorId: string) =>
  `omni.${connectorId}.${randomBytes(32).toString('base64url')}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('authentication under a flood of wrong keys', () => {
  // Refusals confirmed without waiting, so five of them take far less than the second in
  // which the bucket earns its next token.
  const ingest = useIngestApp({
    INGEST_AUTH_FAILURE_BURST: '5',
    INGEST_AUTH_FAILURES_PER_SECOND: '1',
    INGEST_KEY_RECHECK_INTERVAL_MS: '0',
  });
  let config: IngestConfig;

  beforeAll(async () => {
    config = ingest.app.get<IngestConfig>(SERVICE_CONFIG);
  });

  const post = (key: string, source: string) =>
    ingest.app.inject({
      method: 'POST',
      url: '/v1/events',
      remoteAddress: source,
      headers: { authorization: `Bearer ${key}` },
      payload: { events: [orderPlaced({ channel: 'tmall' })] },
    });

  /** A connector service of its own, as another replica sharing the database would have. */
  const replica = (keys: Partial<IngestConfig['keys']> = {}) =>
    new ConnectorsService(ingest.app.get(DataSource), {
      ...config,
      keys: { ...config.keys, ...keys },
    });

  it('refuses a well-formed wrong key with 401 invalid_key', async () => {
    const { id } = await registerConnector(ingest.app);
    const response = await post(wrongKeyFor(id), '10.1.0.1');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'invalid_key' });
  });

  it('answers 429 auth_throttled with Retry-After to an address that keeps presenting wrong keys, while other clients are served', async () => {
    const connector = await registerConnector(ingest.app);
    expect((await post(connector.key, '10.1.0.3')).statusCode).toBe(200);
    const refused = await Promise.all(
      Array.from({ length: 5 }, () => post(wrongKeyFor(connector.id), '10.1.0.2')),
    );
    expect(refused.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);

    const throttled = await post(wrongKeyFor(connector.id), '10.1.0.2');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toMatchObject({ code: 'auth_throttled' });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const elsewhere = await post(connector.key, '10.1.0.3');
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json()).toMatchObject({ accepted: 1 });
    // A key already verified passes even from the throttled address.
    expect((await post(connector.key, '10.1.0.2')).statusCode).toBe(200);
  });

  it('throttles Segment write keys from that address the same way', async () => {
    const { id } = await registerConnector(ingest.app);
    const track = (key: string) =>
      ingest.app.inject({
        method: 'POST',
        url: '/v1/track',
        remoteAddress: '10.1.0.4',
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
        payload: { event: 'Product Viewed', anonymousId: 'anon-1', messageId: 'm-1' },
      });
    const refused = await Promise.all(Array.from({ length: 5 }, () => track(wrongKeyFor(id))));
    expect(refused.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    const throttled = await track(wrongKeyFor(id));
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toMatchObject({ code: 'auth_throttled' });
  });

  it('checks unverified keys a bounded number at a time and tells the callers past the queue at once', async () => {
    const connector = await registerConnector(ingest.app);
    const service = replica({ verifyConcurrency: 1, verifyQueue: 1 });
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () =>
        service.authenticate(wrongKeyFor(connector.id), { refuseWhenBusy: true }).then(
          (result) => (result.ok ? 'accepted' : result.reason),
          (error: unknown) => (error instanceof GateFullError ? 'busy' : String(error)),
        ),
      ),
    );
    expect(outcomes.sort()).toEqual(['busy', 'invalid_key', 'invalid_key']);
  });

  it('refuses wrong keys without a scrypt check once the connector key is verified', async () => {
    const connector = await registerConnector(ingest.app);
    // No room to wait: any key that needed a check while another runs would be refused as busy.
    const service = replica({ verifyConcurrency: 1, verifyQueue: 0 });
    await expect(service.authenticate(connector.key)).resolves.toMatchObject({ ok: true });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        service.authenticate(wrongKeyFor(connector.id), { refuseWhenBusy: true }),
      ),
    );
    expect(outcomes).toEqual(Array(10).fill({ ok: false, reason: 'invalid_key' }));
    expect(service.verified(connector.key)).toMatchObject({ ok: true });
  });

  describe('across replicas', () => {
    let connector: RegisteredConnector;

    beforeEach(async () => {
      connector = await registerConnector(ingest.app);
    });

    it('stops accepting a disabled connector once INGEST_KEY_CACHE_TTL_MS has passed', async () => {
      const here = replica({ cacheTtlMs: 300 });
      const there = replica();
      await expect(here.authenticate(connector.key)).resolves.toMatchObject({ ok: true });
      await there.disable(connector.id);
      await sleep(350);
      await expect(here.authenticate(connector.key)).resolves.toEqual({
        ok: false,
        reason: 'connector_disabled',
      });
    });

    it('stops accepting a rotated key once INGEST_KEY_CACHE_TTL_MS has passed', async () => {
      const here = replica({ cacheTtlMs: 300 });
      const there = replica();
      await expect(here.authenticate(connector.key)).resolves.toMatchObject({ ok: true });
      await there.rotateKey(connector.id);
      await sleep(350);
      await expect(here.authenticate(connector.key)).resolves.toEqual({
        ok: false,
        reason: 'invalid_key',
      });
    });

    it('stops accepting a rotated key at once on the replica that rotated it', async () => {
      const here = replica();
      await expect(here.authenticate(connector.key)).resolves.toMatchObject({ ok: true });
      await here.rotateKey(connector.id);
      await expect(here.authenticate(connector.key)).resolves.toEqual({
        ok: false,
        reason: 'invalid_key',
      });
    });

    it('accepts a key issued on another replica even where the previous key is cached for long', async () => {
      const here = replica({ cacheTtlMs: 3_600_000 });
      const there = replica();
      await expect(here.authenticate(connector.key)).resolves.toMatchObject({ ok: true });
      // The new key differs from the one this replica verified, which alone would refuse it.
      const rotated = await there.rotateKey(connector.id);
      await expect(here.authenticate(rotated!.key)).resolves.toMatchObject({ ok: true });
      expect(here.verified(connector.key)).toBeUndefined();
    });
  });

  it('refuses a key for an id no connector had, and accepts the key issued when one is registered with it', async () => {
    const service = replica();
    const id = `conn-late-${randomBytes(3).toString('hex')}`;
    const guessed = wrongKeyFor(id);
    await expect(service.authenticate(guessed)).resolves.toEqual({
      ok: false,
      reason: 'invalid_key',
    });
    const created = await service.create({
      id,
      name: id,
      channels: ['tmall'],
      rateLimitPerSecond: 100,
      burst: 100,
    });
    // Its key is a new random secret: the refusal remembered for the guess cannot match it.
    await expect(service.authenticate(created!.key)).resolves.toMatchObject({ ok: true });
    await expect(service.authenticate(guessed)).resolves.toMatchObject({ ok: false });
  });
});
