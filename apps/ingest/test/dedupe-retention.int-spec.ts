import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestDatabase } from '@omni/testing';
import { DataSource } from 'typeorm';
import { DedupePurger } from '../src/dedupe/dedupe-purger.service';
import {
  ingestApp,
  ingestDatabase,
  postEvents,
  productViewed,
  provisionIngestTopics,
  registerConnector,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type Batch = { accepted: number; duplicates: number };

describe('dedupe retention', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let connector: RegisteredConnector;

  beforeAll(async () => {
    await provisionIngestTopics();
    db = await ingestDatabase();
    // Retention of 7 days (the default); the timer is long so only the test purges.
    app = await ingestApp(db, { INGEST_DEDUPE_PURGE_INTERVAL_MS: '86400000' });
    dataSource = app.get(DataSource);
    connector = await registerConnector(app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const age = (eventId: string, days: number) =>
    dataSource.query(
      `UPDATE dedupe_keys SET received_at = now() - make_interval(days => $3)
       WHERE connector_id = $1 AND event_id = $2`,
      [connector.id, eventId, days],
    );

  it('an event id is a duplicate for 7 days, and accepted again once its key is purged', async () => {
    const old = productViewed();
    const recent = productViewed();
    for (const event of [old, recent])
      expect((await postEvents(app, connector.key, [event])).json<Batch>().accepted).toBe(1);
    await age(String(old.eventId), 8);
    await age(String(recent.eventId), 6);

    expect(await app.get(DedupePurger).purge()).toBe(1);

    const again = (await postEvents(app, connector.key, [old, recent])).json<Batch>();
    expect([again.accepted, again.duplicates]).toEqual([1, 1]);
  });

  it('purges a backlog larger than one delete batch completely', async () => {
    await dataSource.query(
      `INSERT INTO dedupe_keys (connector_id, event_id, received_at)
       SELECT $1, 'backlog-' || n, now() - interval '30 days' FROM generate_series(1, 10500) AS n`,
      [connector.id],
    );
    expect(await app.get(DedupePurger).purge()).toBe(10_500);
    const [{ left }] = await dataSource.query(
      `SELECT count(*)::int AS left FROM dedupe_keys WHERE event_id LIKE 'backlog-%'`,
    );
    expect(left).toBe(0);
  });
});
