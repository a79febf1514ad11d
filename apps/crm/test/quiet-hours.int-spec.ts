import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import { JourneyScheduler } from '../src/journeys/journey-scheduler.service';
import { paid, pollUntil, startCrm } from './support/crm-harness';

type Timer = { customer_id: string; step: string; status: string; due_at: Date };

describe('journey timers in quiet hours', () => {
  // The scheduler is driven by the spec, at instants of its choosing.
  const crm = useHarness(() =>
    startCrm({
      CRM_QUIET_HOURS: '21:00-09:00',
      CRM_TIME_ZONE: 'UTC',
      CRM_JOURNEY_SCHEDULER_ENABLED: 'false',
    }),
  );

  const timersOf = (customerIds: string[]): Promise<Timer[]> =>
    crm.dataSource.query(
      `SELECT customer_id, step, status, due_at FROM journey_timers
       WHERE customer_id = ANY($1::text[]) AND journey_id = 'repurchase-reminder'
       ORDER BY customer_id, step_index`,
      [customerIds],
    );

  it('steps due inside quiet hours wait for their end, all of a round at once, and fire then', async () => {
    const customers = [1, 2, 3].map((n) => `cus-quiet-${n}-${randomUUID()}`);
    for (const customerId of customers) {
      await crm.send(
        crm.topics.resolvedEvents,
        paid(customerId, `order-${customerId}`, 10_000, '2026-02-01T10:00:00Z'),
      );
    }
    await pollUntil(
      () => timersOf(customers),
      (timers) => timers.length === 2 * customers.length,
    );
    const scheduler = crm.app.get(JourneyScheduler);

    await scheduler.fireDue(new Date('2026-03-01T22:00:00Z'));
    const deferred = await timersOf(customers);
    // Day 7 was due; day 30 (2026-03-03) was not and keeps its time.
    expect(deferred.map((t) => [t.step, t.status, new Date(t.due_at).toISOString()])).toEqual(
      customers.flatMap(() => [
        ['day-7', 'pending', '2026-03-02T09:00:00.000Z'],
        ['day-30', 'pending', '2026-03-03T10:00:00.000Z'],
      ]),
    );
    const [{ firings }] = await crm.dataSource.query(
      `SELECT count(*)::int AS firings FROM journey_firings WHERE customer_id = ANY($1::text[])`,
      [customers],
    );
    expect(firings).toBe(0);

    await scheduler.fireDue(new Date('2026-03-02T09:00:00Z'));
    expect((await timersOf(customers)).map((t) => [t.step, t.status])).toEqual(
      customers.flatMap(() => [
        // No consent was given: each step is recorded as suppressed, not left pending.
        ['day-7', 'suppressed'],
        ['day-30', 'pending'],
      ]),
    );
  });
});
