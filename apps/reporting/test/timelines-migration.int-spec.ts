import { insertRows } from '@omni/database';
import { createTestDatabase, type TestDatabase } from '@omni/testing';
import { migrations } from '../src/migrations';
import { ReportingTimelines1767300000000 } from '../src/migrations/1767300000000-reporting-timelines.migration';
import { service } from '../src/service';
import { compareEvents, encodeEntries, monthOf } from '../src/timelines/timeline-entries';

describe('the migration of customers’ timelines', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    // Migrated up to the one under test, so that it is the last one to undo.
    db = await createTestDatabase({
      service: service.name,
      migrations: migrations.slice(0, migrations.indexOf(ReportingTimelines1767300000000) + 1),
    });
  });

  afterAll(async () => {
    await db?.drop();
  });

  const tables = async () =>
    (
      (await db.dataSource.query(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name IN ('timelines', 'timeline_terms')
          ORDER BY 1`,
      )) as { name: string }[]
    ).map((row) => row.name);

  it('goes down dropping the timelines, and up again building them from the stored events, packed as the consumer packs them', async () => {
    await db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    const events = [
      {
        key: 'e-1',
        customerId: 'cus-1',
        type: 'page.viewed',
        channel: 'web',
        campaignId: '',
        at: '2026-04-30T23:59:59.999Z',
      },
      {
        key: 'e-2',
        customerId: 'cus-1',
        type: 'product.viewed',
        channel: 'web',
        campaignId: 'c-2',
        at: '2026-05-01T00:00:00.000Z',
      },
      // Simultaneous, stored in the other order: read by type.
      {
        key: 'e-3',
        customerId: 'cus-1',
        type: 'search.performed',
        channel: 'app',
        campaignId: '',
        at: '2026-05-02T08:00:00.250Z',
      },
      {
        key: 'e-4',
        customerId: 'cus-1',
        type: 'page.viewed',
        channel: 'app',
        campaignId: '',
        at: '2026-05-02T08:00:00.250Z',
      },
      {
        key: 'e-5',
        customerId: 'cus-2',
        type: 'order.placed',
        channel: 'tmall',
        campaignId: 'c-1',
        at: '2026-05-31T23:59:59.999Z',
      },
    ];
    await insertRows(
      db.dataSource.manager,
      'events',
      {
        eventKey: 'text',
        customerId: 'text',
        type: 'text',
        channel: 'text',
        campaignId: 'text',
        occurredAt: 'timestamptz',
      },
      events.map(({ key, at, ...rest }) => ({ eventKey: key, occurredAt: at, ...rest })),
    );

    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(['timeline_terms', 'timelines']);
    const terms: { id: number; term: string }[] = await db.dataSource.query(
      `SELECT id, term FROM timeline_terms`,
    );
    const ids = new Map(terms.map(({ id, term }) => [term, id]));
    expect([...ids.keys()].sort()).toEqual([
      '',
      'app',
      'c-1',
      'c-2',
      'order.placed',
      'page.viewed',
      'product.viewed',
      'search.performed',
      'tmall',
      'web',
    ]);
    const rows: { customer_id: string; month: string; entries: Buffer }[] =
      await db.dataSource.query(
        `SELECT customer_id, to_char(month, 'YYYY-MM-DD') AS month, entries FROM timelines ORDER BY customer_id, month`,
      );
    const packed = (customerId: string, month: string) => {
      const start = Date.parse(`${month}T00:00:00Z`);
      const ofMonth = events
        .map((e) => ({ ...e, at: Date.parse(e.at) }))
        .filter((e) => e.customerId === customerId && monthOf(e.at) === start)
        .sort(compareEvents);
      return encodeEntries(ofMonth, start, (term) => ids.get(term) as number);
    };
    expect(rows.map((r) => [r.customer_id, r.month, r.entries.toString('hex')])).toEqual(
      [
        ['cus-1', '2026-04-01'],
        ['cus-1', '2026-05-01'],
        ['cus-2', '2026-05-01'],
      ].map(([customerId, month]) => [
        customerId,
        month,
        packed(customerId, month).toString('hex'),
      ]),
    );
    expect(rows[1].entries.length).toBe(3 * 16);
  });
});
