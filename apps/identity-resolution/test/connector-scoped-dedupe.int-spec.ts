import { eventually } from '@omni/testing';
import { channelEvent, useIdentityHarness } from './support/identity-harness';

describe('deduplicating ingest.events.v1 per connector', () => {
  const h = useIdentityHarness();

  const resolutionsOf = (eventId: string) =>
    eventually(async () => {
      const rows: { n: string }[] = await h.db.dataSource.query(
        'SELECT count(*) AS n FROM resolution_log WHERE source_event_id = $1',
        [eventId],
      );
      return Number(rows[0].n) >= 2 ? Number(rows[0].n) : undefined;
    }, `two resolutions of ${eventId}`);

  it('resolves the same eventId once from each of two connectors, and a redelivered copy not again', async () => {
    const eventId = `shared-${Date.now()}`;
    const at = '2025-06-18T09:00:00+08:00';
    const tmall = {
      ...channelEvent('page.viewed', 'tmall', { platformUserId: 'tm-1' }, at, eventId),
      connectorId: 'tmall-flagship',
    };
    const jd = {
      ...channelEvent('page.viewed', 'jd', { platformUserId: 'jd-1' }, at, eventId),
      connectorId: 'jd-store',
    };
    await h.producer.send(h.topics.input, [
      { key: 'tm-1', value: tmall },
      { key: 'jd-1', value: jd },
      { key: 'jd-1', value: jd },
    ]);
    expect(await resolutionsOf(eventId)).toBe(2);
    // A later event on the same partition proves the copy was consumed, not still on its way.
    const after = channelEvent('page.viewed', 'jd', { platformUserId: 'jd-1' }, at);
    await h.producer.send(h.topics.input, [
      { key: 'jd-1', value: { ...after, connectorId: 'jd-store' } },
    ]);
    await eventually(async () => {
      const rows: unknown[] = await h.db.dataSource.query(
        'SELECT 1 FROM resolution_log WHERE source_event_id = $1',
        [after.eventId],
      );
      return rows.length > 0 ? true : undefined;
    }, 'the later event to resolve');
    expect(await resolutionsOf(eventId)).toBe(2);
  });
});
