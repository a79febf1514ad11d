import { createTopicReader, type TopicMessage } from '@omni/messaging';
import { startServiceProcess, testInfra, waitForHttpOk, type ServiceProcess } from '@omni/testing';
import {
  ADMIN_TOKEN,
  crmTestEnvironment,
  eventually,
  resolvedEvent,
  startCrmHarness,
  type CrmTestEnvironment,
} from './support/crm-harness';
import { JourneyScheduler } from '../src/journeys/journey-scheduler.service';

const ENTRY = 'apps/crm/src/main.ts';
const TIMERS = 3_000;

const repurchase = (after: string) =>
  JSON.stringify([
    {
      id: 'repurchase-reminder',
      trigger: 'repurchase-reminder',
      entry: 'order-paid',
      exitOn: ['order.paid'],
      channel: 'sms',
      steps: [{ step: 'day-7', after }],
    },
  ]);

type Trigger = {
  eventId: string;
  customerId: string;
  payload: { instanceId: string; step: string };
};

const valueOf = (message: TopicMessage) =>
  JSON.parse(message.value?.toString('utf8') ?? 'null') as Trigger;

async function count(env: Pick<CrmTestEnvironment, 'db'>, sql: string): Promise<number> {
  const rows: { n: number }[] = await env.db.dataSource.query(sql);
  return rows[0].n;
}

/** `n` customers who consented to sms, each with a repurchase step overdue by a minute. */
async function seedDueTimers(env: Pick<CrmTestEnvironment, 'db'>, n: number): Promise<void> {
  await env.db.dataSource.query(
    `INSERT INTO journey_instances (instance_id, journey_id, customer_id, scope_key, status, entered_at, anchor_at)
     SELECT 'inst-' || g, 'repurchase-reminder', 'cus_kill_' || g, '', 'active', now(), now()
     FROM generate_series(1, $1) g`,
    [n],
  );
  await env.db.dataSource.query(
    `INSERT INTO journey_timers (instance_id, journey_id, customer_id, step, step_index, due_at, status)
     SELECT 'inst-' || g, 'repurchase-reminder', 'cus_kill_' || g, 'day-7', 0, now() - interval '1 minute', 'pending'
     FROM generate_series(1, $1) g`,
    [n],
  );
  await env.db.dataSource.query(
    `INSERT INTO consent (customer_id, channel, purpose, granted, occurred_at, source)
     SELECT 'cus_kill_' || g, 'sms', 'marketing', true, now(), 'api' FROM generate_series(1, $1) g`,
    [n],
  );
}

async function startCrm(env: CrmTestEnvironment, extra: Record<string, string> = {}) {
  // In-process apps of this file leave their settings in process.env, which children inherit.
  const proc = await startServiceProcess(ENTRY, {
    ...env.env,
    CRM_JOURNEY_SCHEDULER_ENABLED: 'true',
    CRM_JOURNEY_SCHEDULER_BATCH_SIZE: env.env.CRM_JOURNEY_SCHEDULER_BATCH_SIZE ?? '200',
    ...extra,
  });
  try {
    // Generous: the machine is shared, and a cold start compiles TypeScript.
    await waitForHttpOk(`http://127.0.0.1:${proc.port}/health/live`, 180_000);
  } catch (error) {
    proc.child.kill('SIGKILL');
    throw new Error(`crm did not start: ${String(error)}\n${proc.output()}`);
  }
  return proc;
}

describe('journey timers across crashes', () => {
  let running: ServiceProcess | undefined;

  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
  });

  it('replicas firing at once claim disjoint timers, so none fires twice', async () => {
    const h = await startCrmHarness({
      CRM_JOURNEYS: repurchase('7d'),
      CRM_JOURNEY_SCHEDULER_ENABLED: 'false',
      CRM_JOURNEY_SCHEDULER_BATCH_SIZE: '25',
    });
    try {
      await seedDueTimers(h, 500);
      const scheduler = h.app.get(JourneyScheduler);
      const replica = async () => {
        let claimed = 0;
        for (let round = await scheduler.fireDue(); round > 0; round = await scheduler.fireDue()) {
          claimed += round;
        }
        return claimed;
      };
      const claims = await Promise.all([replica(), replica(), replica(), replica()]);
      expect(claims.reduce((a, b) => a + b, 0)).toBe(500);
      expect(claims.filter((claimed) => claimed > 0).length).toBeGreaterThan(1);
      expect(
        await count(
          h,
          `SELECT count(*)::int AS n FROM journey_firings WHERE outcome = 'triggered'`,
        ),
      ).toBe(500);
    } finally {
      await h.close();
    }
  });

  it('a timer that falls due while crm is down fires once after the restart', async () => {
    // 10 s leaves room between seeing the pending timer and the kill on a loaded machine (3 s did not).
    const env = await crmTestEnvironment({ CRM_JOURNEYS: repurchase('10s') });
    try {
      running = await startCrm(env);
      const consent = await fetch(
        `http://127.0.0.1:${running.port}/v1/customers/cus_down/consent`,
        {
          method: 'PUT',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            actor: 'test',
            consents: [{ channel: 'sms', purpose: 'marketing', granted: true }],
          }),
        },
      );
      expect(consent.status).toBe(200);
      await env.send(env.topics.resolvedEvents, resolvedEvent('order.paid', 'cus_down'));
      await eventually(
        async () =>
          (await count(
            env,
            `SELECT count(*)::int AS n FROM journey_timers WHERE status = 'pending'`,
          )) === 1
            ? true
            : undefined,
        'the pending timer',
      );
      running.child.kill('SIGKILL');
      await running.exited;
      // Down until the timer is overdue.
      await eventually(
        async () =>
          (await count(
            env,
            `SELECT count(*)::int AS n FROM journey_timers WHERE due_at < now() - interval '1 second'`,
          )) === 1
            ? true
            : undefined,
        'the timer to fall due',
      );
      expect(await count(env, `SELECT count(*)::int AS n FROM journey_firings`)).toBe(0);
      running = await startCrm(env);
      const reader = await createTopicReader({
        brokers: testInfra().brokers,
        clientId: 'crm-test',
        topic: env.topics.journeyTriggers,
        fromBeginning: true,
      });
      try {
        await reader.waitFor((message) => valueOf(message).customerId === 'cus_down');
        await eventually(
          async () =>
            (await count(
              env,
              `SELECT count(*)::int AS n FROM journey_timers WHERE status = 'fired'`,
            )) === 1
              ? true
              : undefined,
          'the settled timer',
        );
        expect(
          await count(
            env,
            `SELECT count(*)::int AS n FROM journey_firings WHERE outcome = 'triggered'`,
          ),
        ).toBe(1);
        expect(new Set(reader.messages.map((m) => valueOf(m).eventId)).size).toBe(1);
      } finally {
        await reader.close();
      }
    } finally {
      await env.drop();
    }
  }, 480_000);

  it('kill -9 while timers are firing: after a restart every step has fired exactly once', async () => {
    const env = await crmTestEnvironment({
      CRM_JOURNEYS: repurchase('7d'),
      CRM_JOURNEY_SCHEDULER_BATCH_SIZE: '10',
    });
    try {
      await seedDueTimers(env, TIMERS);
      running = await startCrm(env);
      await eventually(
        async () =>
          (await count(env, `SELECT count(*)::int AS n FROM journey_firings`)) > 0
            ? true
            : undefined,
        'the first firings',
        120_000,
      );
      running.child.kill('SIGKILL');
      expect(await running.exited).toBe('SIGKILL');
      const firedBeforeKill = await count(env, `SELECT count(*)::int AS n FROM journey_firings`);
      expect(firedBeforeKill).toBeLessThan(TIMERS);
      running = await startCrm(env);
      await eventually(
        async () =>
          (await count(
            env,
            `SELECT count(*)::int AS n FROM journey_timers WHERE status = 'pending'`,
          )) === 0
            ? true
            : undefined,
        'every timer to settle',
        180_000,
      );
      expect(
        await count(
          env,
          `SELECT count(*)::int AS n FROM journey_firings WHERE outcome = 'triggered' AND event_id IS NOT NULL`,
        ),
      ).toBe(TIMERS);
      const reader = await createTopicReader({
        brokers: testInfra().brokers,
        clientId: 'crm-test',
        topic: env.topics.journeyTriggers,
        fromBeginning: true,
      });
      try {
        const expected = new Set(
          Array.from({ length: TIMERS }, (_, i) => `crm-journey-inst-${i + 1}-day-7`),
        );
        await eventually(
          async () =>
            new Set(reader.messages.map((m) => valueOf(m).eventId)).size >= TIMERS
              ? true
              : undefined,
          'every trigger on the topic',
          60_000,
        );
        const seen = new Map<string, Trigger[]>();
        for (const message of reader.messages) {
          const trigger = valueOf(message);
          seen.set(trigger.eventId, [...(seen.get(trigger.eventId) ?? []), trigger]);
        }
        expect([...seen.keys()].sort()).toEqual([...expected].sort());
        // The relay may publish a row twice if it dies between sending and marking it sent;
        // a copy is then the very same event, which consumers drop by eventId.
        for (const copies of seen.values()) {
          for (const copy of copies) expect(copy).toEqual(copies[0]);
        }
      } finally {
        await reader.close();
      }
    } finally {
      await env.drop();
    }
  }, 720_000);
});
