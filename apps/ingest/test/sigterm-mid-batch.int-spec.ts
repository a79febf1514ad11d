import { HEADERS } from '@omni/contracts';
import { distinctEventsOn, serviceProcessHarness, stopMidBurst, uniqueSuffix } from '@omni/testing';
import { ADMIN_TOKEN, INGEST_MAIN, ingestTestEnv, productViewed } from './support/ingest-test-kit';

const EVENTS = 3_000;

describe('ingest stopped with SIGTERM while the raw-ingest consumer applies a burst', () => {
  const harness = serviceProcessHarness(INGEST_MAIN, () => ingestTestEnv(), {
    read: (ingest) => ingest.topics.events,
    waitFor: '/health/live',
  });
  const count = (sql: string, params?: unknown[]) => harness.count(sql, params);
  const applied = () =>
    count(`SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1`, [
      harness.setup.groupId,
    ]);

  it('loses no raw event and accepts and publishes each exactly once after the restart', async () => {
    const first = await harness.start();
    const registered = await fetch(first.url('/v1/admin/connectors'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ id: `conn-${uniqueSuffix()}`, name: 'SIGTERM', channels: ['web'] }),
    });
    expect(registered.status).toBe(201);
    const { connector, key } = (await registered.json()) as {
      connector: { id: string };
      key: string;
    };
    const events = Array.from({ length: EVENTS }, () => productViewed());
    await harness.kafka.producer.send(
      harness.setup.topics.raw,
      events.map((value) => ({
        key: connector.id,
        value,
        headers: { [HEADERS.connectorKey]: key },
      })),
    );

    // Stop once some, but far from all, raw events are applied (a batch is in flight); restart.
    const stopped = await stopMidBurst({
      running: first,
      signal: 'SIGTERM',
      applied,
      total: EVENTS,
      restart: () => harness.start(),
    });
    expect(stopped.exit).toBe(0);
    expect(stopped.appliedAtStop).toBeLessThan(EVENTS);
    expect(await applied()).toBe(EVENTS);
    const eventIds = events.map((event) => event.eventId);
    expect(
      await count(`SELECT count(*)::int AS n FROM dedupe_keys WHERE event_id = ANY($1)`, [
        eventIds,
      ]),
    ).toBe(EVENTS);
    expect(await count(`SELECT count(*)::int AS n FROM rejections`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM dead_letters`)).toBe(0);

    const published = (
      await distinctEventsOn(
        harness.kafka.reader,
        EVENTS,
        `all ${EVENTS} events on ${harness.setup.topics.events}`,
        120_000,
      )
    ).map((event) => event.eventId);
    // A clean stop commits the relay's deletes with its last send: nothing is published twice.
    expect(published).toHaveLength(EVENTS);
    expect(new Set(published)).toEqual(new Set(eventIds));
  });
});
