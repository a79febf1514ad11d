import { distinctEventsOn, serviceProcessHarness, stopMidBurst, uniqueSuffix } from '@omni/testing';
import { channelEvent, IDENTITY_MAIN, identityTestEnv } from './support/identity-harness';

const EVENTS = 3_000;

describe('identity stopped with SIGTERM while the resolution consumer applies a burst', () => {
  // The service's default batch size, concurrency and combined partitions: the path it runs.
  const harness = serviceProcessHarness(IDENTITY_MAIN, () => identityTestEnv(), {
    read: (identity) => identity.topics.resolved,
    waitFor: '/health/live',
  });
  const resolvedCount = () =>
    harness.count(`SELECT count(DISTINCT source_event_id)::int AS n FROM resolution_log`);

  it('loses no event and resolves and publishes each exactly once after the restart', async () => {
    const suffix = uniqueSuffix();
    const events = Array.from({ length: EVENTS }, (_, i) =>
      channelEvent(
        'page.viewed',
        'web',
        // Shared emails, so batches merge profiles as well as create them.
        { cookieId: `cookie-${suffix}-${i}`, email: `p${i % 700}-${suffix}@example.com` },
        new Date(Date.UTC(2025, 5, 1) + i * 60_000).toISOString(),
      ),
    );
    const first = await harness.start();
    await harness.kafka.producer.send(
      harness.setup.topics.input,
      events.map((value, i) => ({ key: `k${i % 17}`, value })),
    );

    // Stop once some, but far from all, events are resolved (a batch is in flight); restart.
    const stopped = await stopMidBurst({
      running: first,
      signal: 'SIGTERM',
      applied: resolvedCount,
      total: EVENTS,
      restart: () => harness.start(),
    });
    expect(stopped.exit).toBe(0);
    expect(stopped.appliedAtStop).toBeLessThan(EVENTS);
    const log: { source_event_id: string }[] = await harness.setup.db.dataSource.query(
      `SELECT source_event_id FROM resolution_log`,
    );
    expect(log).toHaveLength(EVENTS);
    expect(await harness.setup.db.dataSource.query(`SELECT error FROM dead_letters`)).toEqual([]);

    const published = (
      await distinctEventsOn(
        harness.kafka.reader,
        EVENTS,
        `all ${EVENTS} resolved events to be published`,
      )
    ).map((event) => event.eventId);
    // A clean stop commits the relay's deletes with its last send: nothing is published twice.
    expect(published).toHaveLength(EVENTS);
    expect(new Set(published)).toEqual(new Set(events.map((event) => event.eventId)));
  });
});
