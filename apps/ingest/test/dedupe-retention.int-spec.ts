import { DataSource } from 'typeorm';
import { DedupePurger } from '../src/dedupe/dedupe-purger.service';
import {
  postEvents,
  productViewed,
  registerConnector,
  useIngestApp,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type Batch = { accepted: number; duplicates: number };

describe('dedupe retention', () => {
  // Retention of 7 days (the default); the timer is long so only the test purges.
  const ingest = useIngestApp({ INGEST_DEDUPE_PURGE_INTERVAL_MS: '86400000' });
  let dataSource: DataSource;
  let connector: RegisteredConnector;

  beforeAll(async () => {
    dataSource = ingest.app.get(DataSource);
    connector = await registerConnector(ingest.app);
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
      expect((await postEvents(ingest.app, connector.key, [event])).json<Batch>().accepted).toBe(1);
    await age(String(old.eventId), 8);
    await age(String(recent.eventId), 6);

    expect(await ingest.app.get(DedupePurger).purge()).toBe(1);

    const again = (await postEvents(ingest.app, connector.key, [old, recent])).json<Batch>();
    expect([again.accepted, again.duplicates]).toEqual([1, 1]);
  });

  it('purges a backlog larger than one delete batch completely', async () => {
    await dataSource.query(
      `INSERT INTO dedupe_keys (connector_id, event_id, received_at)
       SELECT $1, 'backlog-' || n, now() - interval '30 days' FROM generate_series(1, 10500) AS n`,
      [connector.id],
    );
    expect(await ingest.app.get(DedupePurger).purge()).toBe(10_500);
    const [{ left }] = await dataSource.query(
      `SELECT count(*)::int AS left FROM dedupe_keys WHERE event_id LIKE 'backlog-%'`,
    );
    expect(left).toBe(0);
  });
});
