// Journey timer firing lag with a large backlog of pending timers. A fresh schema (real
// migrations) gets --pending timers due far in the future, then --rate timers a second due
// over --seconds, for customers who consented; the real app (in process, default scheduler
// settings) fires them. Lag is fired_at − due_at of each firing, from journey_firings.
// Run: npx nx run crm:bench-timers [-- --pending 1000000 --rate 1000 --seconds 20]
// Writes bench/results/crm-journey-timers-<ISO date>.json at the repository root.
import path from 'node:path';
import { createTopics, deleteTopics } from '@omni/messaging';
import {
  benchArgs,
  createTestApp,
  createTestDatabase,
  percentile,
  round,
  scenarioCase,
  testInfra,
  uniqueSuffix,
  writeBenchResult,
} from '@omni/testing';
import { AppModule } from '../src/app.module';
import { crmConfig } from '../src/config/crm-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

const root = path.resolve(__dirname, '../../..');

const { counts } = benchArgs({ pending: 200000, rate: 1000, seconds: 20 });
const { pending, rate, seconds } = counts;
const due = rate * seconds;

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    resolved: `crm-bench-${suffix}.resolved-events.v1`,
    changes: `crm-bench-${suffix}.profile-changes.v1`,
    customerChanges: `crm-bench-${suffix}.customer-changes.v1`,
    journeyTriggers: `crm-bench-${suffix}.journey-triggers.v1`,
  };
  await createTopics(
    brokers,
    Object.values(topics).map((name) => ({ name, partitions: 3 })),
  );
  const db = await createTestDatabase({ service: service.name, migrations });
  try {
    const seedStarted = performance.now();
    await db.dataSource.query(
      `INSERT INTO journey_instances (instance_id, journey_id, customer_id, scope_key, status, entered_at, anchor_at)
       SELECT 'later-' || g, 'repurchase-reminder', 'cus_later_' || g, '', 'active', now(), now()
       FROM generate_series(1, $1) g`,
      [pending],
    );
    await db.dataSource.query(
      `INSERT INTO journey_timers (instance_id, journey_id, customer_id, step, step_index, due_at, status)
       SELECT 'later-' || g, 'repurchase-reminder', 'cus_later_' || g, 'day-30', 1,
              now() + interval '30 days' + g * interval '1 second', 'pending'
       FROM generate_series(1, $1) g`,
      [pending],
    );
    await db.dataSource.query(
      `INSERT INTO consent (customer_id, channel, purpose, granted, occurred_at, source)
       SELECT 'cus_due_' || g, 'sms', 'marketing', true, now(), 'api' FROM generate_series(1, $1) g`,
      [due],
    );
    await db.dataSource.query('ANALYZE');
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const app = await createTestApp({
      module: AppModule,
      service,
      config: crmConfig,
      env: {
        ...db.env,
        CRM_RESOLVED_EVENTS_TOPIC: topics.resolved,
        CRM_PROFILE_CHANGES_TOPIC: topics.changes,
        CRM_CUSTOMER_CHANGES_TOPIC: topics.customerChanges,
        CRM_JOURNEY_TRIGGERS_TOPIC: topics.journeyTriggers,
        CRM_CONSUMER_GROUP: `crm-bench-${suffix}`,
        CRM_QUIET_HOURS: '',
        CRM_INSIGHTS_ASSESSOR_ENABLED: 'false',
        LOG_LEVEL: 'warn',
      },
    });
    try {
      // Due from 3 s from now, with the scheduler running, `rate` a second.
      await db.dataSource.query(
        `WITH start AS (SELECT now() + interval '3 seconds' AS at)
         , i AS (INSERT INTO journey_instances (instance_id, journey_id, customer_id, scope_key, status, entered_at, anchor_at)
                 SELECT 'due-' || g, 'repurchase-reminder', 'cus_due_' || g, '', 'active', now(), now()
                 FROM generate_series(1, $1) g)
         INSERT INTO journey_timers (instance_id, journey_id, customer_id, step, step_index, due_at, status)
         SELECT 'due-' || g, 'repurchase-reminder', 'cus_due_' || g, 'day-7', 0,
                (SELECT at FROM start) + (g - 1) * interval '1 second' / $2, 'pending'
         FROM generate_series(1, $1) g`,
        [due, rate],
      );
      const deadline = Date.now() + (seconds + 120) * 1000;
      for (;;) {
        const [{ n }]: { n: number }[] = await db.dataSource.query(
          `SELECT count(*)::int AS n FROM journey_firings`,
        );
        if (n >= due || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await app.close();
    }
    const rows: { lag_ms: number; outcome: string }[] = await db.dataSource.query(
      `SELECT extract(epoch FROM fired_at - due_at) * 1000 AS lag_ms, outcome FROM journey_firings`,
    );
    const lags = rows.map((r) => Number(r.lag_ms)).sort((a, b) => a - b);
    const [{ first, last }]: { first: Date; last: Date }[] = await db.dataSource.query(
      `SELECT min(fired_at) AS first, max(fired_at) AS last FROM journey_firings`,
    );
    const achievedRatePerSecond =
      rows.length < 2 ? 0 : Math.round(rows.length / ((last.getTime() - first.getTime()) / 1000));
    const file = writeBenchResult('crm-journey-timers', {
      startedAt,
      settings: {
        pending,
        rate,
        seconds,
        schedulerPollMs: Number(process.env.CRM_JOURNEY_SCHEDULER_POLL_MS ?? 500),
        schedulerBatchSize: Number(process.env.CRM_JOURNEY_SCHEDULER_BATCH_SIZE ?? 200),
      },
      scenarios: [
        {
          id: 'firing-lag',
          title: `journey timers due at ${rate}/s for ${seconds} s behind ${pending.toLocaleString('en')} pending ones, fired by the app's scheduler`,
          status: 'ok',
          headline: ['lagP99Ms', 'achievedRatePerSecond'],
          cases: [
            scenarioCase('default', [
              {
                metrics: {
                  lagP50Ms: Math.round(percentile(lags, 50)),
                  lagP99Ms: Math.round(percentile(lags, 99)),
                  lagMaxMs: Math.round(lags[lags.length - 1] ?? 0),
                  achievedRatePerSecond,
                  fired: rows.length,
                  triggered: rows.filter((r) => r.outcome === 'triggered').length,
                  seedSeconds: round(seedSeconds),
                },
              },
            ]),
          ],
          comparisons: [],
          notes: ['lag is fired_at − due_at of each firing, read from journey_firings'],
        },
      ],
    });
    console.log(`wrote ${path.relative(root, file)}`);
  } finally {
    await db.drop();
    await deleteTopics(brokers, Object.values(topics));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
