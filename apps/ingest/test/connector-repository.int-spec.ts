import type { TestDatabase } from '@omni/testing';
import { verifyConnectorSecret } from '../src/connectors/connector-key';
import { ConnectorRepository, type NewConnector } from '../src/connectors/connector.repository';
import { ingestDatabase } from './support/ingest-test-kit';

const SCRYPT_COST = 1024;

const connector = (id: string, overrides: Partial<NewConnector> = {}): NewConnector => ({
  id,
  name: `Connector ${id}`,
  channels: ['tmall', 'web'],
  rateLimitPerSecond: 50,
  burst: 80,
  ...overrides,
});

describe('the connector registry on a bare DataSource (as the create-connector command uses it)', () => {
  let db: TestDatabase;
  let registry: ConnectorRepository;

  const bucketOf = async (id: string) =>
    db.dataSource.query(`SELECT tokens FROM rate_limit_buckets WHERE connector_id = $1`, [id]);

  beforeAll(async () => {
    db = await ingestDatabase();
    registry = new ConnectorRepository(db.dataSource, SCRYPT_COST);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('creates a connector with a full token bucket and stores only the hash of the key it answers', async () => {
    const created = await registry.create(connector('tmall-flagship'));
    expect(created?.connector).toEqual({
      id: 'tmall-flagship',
      name: 'Connector tmall-flagship',
      channels: ['tmall', 'web'],
      rateLimitPerSecond: 50,
      burst: 80,
      status: 'active',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await bucketOf('tmall-flagship')).toEqual([{ tokens: 80 }]);
    const stored = await registry.findWithHash('tmall-flagship');
    expect(stored?.keyHash).not.toContain(created!.key);
    const secret = created!.key.slice(created!.key.lastIndexOf('.') + 1);
    expect(await verifyConnectorSecret(secret, stored!.keyHash)).toBe(true);
  });

  it('refuses an id that exists and leaves that connector, its key and its bucket as they were', async () => {
    const first = await registry.create(connector('jd-store'));
    const before = await registry.findWithHash('jd-store');
    expect(
      await registry.create(connector('jd-store', { name: 'Other', burst: 5 })),
    ).toBeUndefined();
    expect(await registry.findWithHash('jd-store')).toEqual(before);
    expect(await bucketOf('jd-store')).toEqual([{ tokens: first!.connector.burst }]);
  });

  it('rotates a key: the new hash replaces the old one at once and updatedAt moves', async () => {
    const created = await registry.create(connector('douyin-live'));
    const before = await registry.findWithHash('douyin-live');
    const rotated = await registry.rotateKey('douyin-live');
    expect(rotated?.key).not.toBe(created!.key);
    const after = await registry.findWithHash('douyin-live');
    expect(after?.keyHash).not.toBe(before?.keyHash);
    const secretOf = (key: string) => key.slice(key.lastIndexOf('.') + 1);
    expect(await verifyConnectorSecret(secretOf(rotated!.key), after!.keyHash)).toBe(true);
    expect(await verifyConnectorSecret(secretOf(created!.key), after!.keyHash)).toBe(false);
    expect(after!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());
    expect(rotated?.connector.updatedAt).toBe(after!.updatedAt.toISOString());
  });

  it('disables a connector and answers it as stored', async () => {
    await registry.create(connector('pos-shanghai'));
    const disabled = await registry.setStatus('pos-shanghai', 'disabled');
    expect(disabled?.status).toBe('disabled');
    expect((await registry.findWithHash('pos-shanghai'))?.status).toBe('disabled');
  });

  it('answers undefined for a connector nobody registered, and changes nothing', async () => {
    const count = async () =>
      (await db.dataSource.query(`SELECT count(*)::int AS n FROM connectors`))[0].n as number;
    const before = await count();
    expect(await registry.rotateKey('nobody')).toBeUndefined();
    expect(await registry.setStatus('nobody', 'disabled')).toBeUndefined();
    expect(await registry.findWithHash('nobody')).toBeUndefined();
    expect(await count()).toBe(before);
  });

  it('lists connectors a page at a time in id order, each page after the last id of the one before', async () => {
    for (const id of ['page-c', 'page-a', 'page-b']) await registry.create(connector(id));
    const all = (await registry.list(1_000)).map((c) => c.id);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await registry.list(2, after)).map((c) => c.id);
      if (page.length === 0) break;
      pages.push(page);
      after = page[page.length - 1];
    }
    expect(pages.flat()).toEqual(all);
    expect(pages.every((page) => page.length <= 2)).toBe(true);
  });
});
