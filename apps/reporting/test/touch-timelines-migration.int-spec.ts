import { insertRows } from '@omni/database';
import { createTestDatabase, type TestDatabase } from '@omni/testing';
import { migrations } from '../src/migrations';
import { ReportingTouchTimelines1767400000000 } from '../src/migrations/1767400000000-reporting-touch-timelines.migration';
import { TOUCH_COLUMNS, type TouchRow } from '../src/facts/facts.repository';
import { service } from '../src/service';
import { monthOf } from '../src/timelines/timeline-entries';
import {
  compareTouches,
  encodeTouchEntries,
  touchTermKey,
  TOUCH_ENTRY_BYTES,
} from '../src/timelines/touch-entries';

describe('the migration of customers’ touch timelines', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    // Migrated up to the one under test, so that it is the last one to undo.
    db = await createTestDatabase({
      service: service.name,
      migrations: migrations.slice(0, migrations.indexOf(ReportingTouchTimelines1767400000000) + 1),
    });
  });

  afterAll(async () => {
    await db?.drop();
  });

  const tables = async () =>
    (
      (await db.dataSource.query(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name IN ('touch_timelines', 'touch_terms')
          ORDER BY 1`,
      )) as { name: string }[]
    ).map((row) => row.name);

  it('goes down dropping the touch timelines, and up again building them from the stored touches, packed as the consumer packs them', async () => {
    await db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    const touch = (
      key: string,
      customerId: string,
      at: string,
      channel: string,
      campaignId: string,
      paid: boolean,
      touchType: string,
    ) => ({ key, customerId, at, channel, campaignId, paid, touchType });
    const touches = [
      touch('t-1', 'cus-1', '2026-04-30T23:59:59.999Z', 'tmall', 'spring', true, 'click'),
      touch('t-2', 'cus-1', '2026-05-01T00:00:00.000Z', 'douyin', 'live', false, 'impression'),
      // Simultaneous, stored in another order (and by key the other way): read by channel,
      // campaign, paid, then touch type.
      touch('t-3', 'cus-1', '2026-05-02T08:00:00.250Z', 'tmall', 'spring', true, 'impression'),
      touch('t-4', 'cus-1', '2026-05-02T08:00:00.250Z', 'tmall', 'spring', true, 'click'),
      touch('t-5', 'cus-1', '2026-05-02T08:00:00.250Z', 'tmall', 'spring', false, 'view'),
      touch('t-6', 'cus-1', '2026-05-02T08:00:00.250Z', 'jd', 'spring', true, 'click'),
      touch('t-0', 'cus-1', '2026-05-02T08:00:00.250Z', 'tmall', 'autumn', true, 'click'),
      touch('t-7', 'cus-2', '2026-05-31T23:59:59.999Z', 'tmall', 'spring', true, 'click'),
    ];
    await insertRows(
      db.dataSource.manager,
      'touches',
      TOUCH_COLUMNS,
      touches.map(({ key, at, ...rest }): TouchRow => ({
        ...rest,
        eventKey: key,
        occurredAt: new Date(at),
        source: null,
        medium: null,
      })),
    );

    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(['touch_terms', 'touch_timelines']);
    const terms: {
      id: number;
      channel: string;
      campaign_id: string;
      paid: boolean;
      touch_type: string;
    }[] = await db.dataSource.query(`SELECT * FROM touch_terms`);
    const ids = new Map(
      terms.map((t) => [
        touchTermKey({
          channel: t.channel,
          campaignId: t.campaign_id,
          paid: t.paid,
          touchType: t.touch_type,
        }),
        t.id,
      ]),
    );
    expect(ids.size).toBe(6);
    const rows: { customer_id: string; month: string; entries: Buffer }[] =
      await db.dataSource.query(
        `SELECT customer_id, to_char(month, 'YYYY-MM-DD') AS month, entries FROM touch_timelines ORDER BY customer_id, month`,
      );
    const packed = (customerId: string, month: string) => {
      const start = Date.parse(`${month}T00:00:00Z`);
      const ofMonth = touches
        .map((t) => ({ ...t, at: Date.parse(t.at) }))
        .filter((t) => t.customerId === customerId && monthOf(t.at) === start)
        .sort(compareTouches);
      return encodeTouchEntries(ofMonth, start, (term) => ids.get(touchTermKey(term)) as number);
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
    expect(rows[1].entries.length).toBe(6 * TOUCH_ENTRY_BYTES);
  });
});
