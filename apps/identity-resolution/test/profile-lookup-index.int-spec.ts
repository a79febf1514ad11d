import { migrations } from '../src/migrations';
import { IdentityHistoryIndex1764800000000 } from '../src/migrations/1764800000000-identity-history-index.migration';
import { eventually } from '@omni/testing';
import {
  auth,
  channelEvent,
  resolvedCustomers,
  useIdentityHarness,
} from './support/identity-harness';

type HistoryEntry = { kind: string; customerId: string; relatedIds: string[] };
type Scans = { seq: number; idx: number };

/** Changes of profiles nobody looks up here, so the history is found among many. */
const OTHER_CHANGES = 20_000;

describe('profile look-up over a long history', () => {
  const h = useIdentityHarness();
  let survivor: string;
  let merged: string;
  let splitOff: string;

  /**
   * The table's scan counts once every connection has reported what it did (the look-ups made
   * while the table was still tiny scanned it whole). A backend that went idle less than a
   * second after its last report defers the next one by PostgreSQL's idle interval, 10 s, so the
   * counts are settled only once they hold still for longer than that.
   */
  const settledScans = async (): Promise<Scans> =>
    eventually(
      async () => {
        const first = await scans();
        await new Promise((resolve) => setTimeout(resolve, 11_000));
        const second = await scans();
        return first.seq === second.seq && first.idx === second.idx ? second : undefined;
      },
      'the table statistics to settle',
      60_000,
    );

  const scans = async (): Promise<Scans> => {
    const [row] = (await h.db.dataSource.query(
      `SELECT seq_scan::int AS seq, coalesce(idx_scan, 0)::int AS idx
       FROM pg_stat_user_tables WHERE relid = 'profile_changes'::regclass`,
    )) as Scans[];
    return row;
  };

  beforeAll(async () => {
    const first = channelEvent(
      'customer.identified',
      'app',
      { phone: '+8613955556666', deviceId: 'dev-history' },
      '2025-06-01T09:00:00+08:00',
    );
    const second = channelEvent(
      'customer.identified',
      'web',
      { email: 'history-case@example.com', cookieId: 'ck-history' },
      '2025-06-02T09:00:00+08:00',
    );
    await h.producer.send(
      h.topics.input,
      [first, second].map((value) => ({ key: value.eventId, value })),
    );
    const ids = await resolvedCustomers(h.db, [first.eventId, second.eventId]);
    survivor = ids.get(first.eventId) as string;
    merged = ids.get(second.eventId) as string;
    const post = (url: string, payload: object) =>
      h.app.inject({ method: 'POST', url, headers: auth, payload });
    const merge = await post('/v1/profiles/merge', {
      customerIds: [merged, survivor],
      actor: 'ops:test',
      reason: 'same person',
    });
    expect(merge.statusCode).toBe(200);
    const split = await post(`/v1/profiles/${survivor}/split`, {
      identifiers: [{ type: 'cookieId', value: 'ck-history' }],
      actor: 'ops:test',
      reason: 'shared browser',
    });
    expect(split.statusCode).toBe(200);
    splitOff = split.json().newIds[0];
    await h.db.dataSource.query(
      `INSERT INTO profile_changes (customer_id, kind, related_ids, version, origin, source_event_id)
       SELECT 'cus_other_' || (i % 5000), 'merged', ARRAY['cus_gone_' || i], 2, 'automatic', 'evt-other-' || i
       FROM generate_series(1, $1::int) AS i`,
      [OTHER_CHANGES],
    );
    await h.db.dataSource.query(`ANALYZE profile_changes`);
  });

  const history = async (customerId: string): Promise<HistoryEntry[]> => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/v1/profiles/${customerId}`,
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    return response
      .json<{ history: HistoryEntry[] }>()
      .history.map(({ kind, customerId: id, relatedIds }) => ({
        kind,
        customerId: id,
        relatedIds,
      }));
  };

  it('lists the merge a profile survived and the split it made, and only those', async () => {
    expect(await history(survivor)).toEqual([
      { kind: 'merged', customerId: survivor, relatedIds: [merged] },
      { kind: 'split', customerId: survivor, relatedIds: [splitOff] },
    ]);
  });

  it('lists the split that created a profile, found through its related ids', async () => {
    expect(await history(splitOff)).toEqual([
      { kind: 'split', customerId: survivor, relatedIds: [splitOff] },
    ]);
  });

  it('answers a merged id with its survivor and the survivor history', async () => {
    expect(await history(merged)).toEqual(await history(survivor));
  });

  it(`reads the history through indexes, never by scanning all ${OTHER_CHANGES.toLocaleString('en')} other changes`, async () => {
    // Only look-ups read profile_changes: every scan counted from here on is this one's.
    const before = await settledScans();
    await history(splitOff);
    // The service's connections report their statistics when idle, within about ten seconds.
    const after = await eventually(async () => {
      const now = await scans();
      return now.seq + now.idx > before.seq + before.idx ? now : undefined;
    }, 'the look-up to show in the table statistics');
    expect(after.seq - before.seq).toBe(0);
    expect(after.idx).toBeGreaterThan(before.idx);
  });

  it('goes down restoring the index fast update and comes back up writing it directly', async () => {
    const options = async () => {
      const [row] = (await h.db.dataSource.query(
        `SELECT reloptions AS options FROM pg_class WHERE oid = 'profile_changes_related_idx'::regclass`,
      )) as { options: string[] | null }[];
      return row.options;
    };
    expect(await options()).toEqual(['fastupdate=off']);
    const later = migrations.length - 1 - migrations.indexOf(IdentityHistoryIndex1764800000000);
    for (let i = 0; i <= later; i++)
      await h.db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await options()).toBeNull();
    await h.db.dataSource.runMigrations({ transaction: 'each' });
    expect(await options()).toEqual(['fastupdate=off']);
  });
});
