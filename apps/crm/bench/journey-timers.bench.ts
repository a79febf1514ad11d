// Journey timer firing lag with a large backlog of pending timers. A fresh schema (real
// migrations) gets --pending timers due far in the future, then --rate timers a second due
// over --seconds, for customers who consented; the real app (in process, default scheduler
// settings) fires them. Lag is fired_at − due_at of each firing, from journey_firings.
// Run: npx nx run crm:bench-timers [-- --pending 1000000 --rate 1000 --seconds 20]
// Writes bench/results/crm-journey-timers-<ISO date>.json at the repository root.
import { benchArgs, benchMain, percentile, round, scenarioCase, serviceBench } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { crmConfig } from '../src/config/crm-config';
import { crmService } from '../test/support/crm-harness';

const { counts } = benchArgs({ pending: 200000, rate: 1000, seconds: 20 });
const { pending, rate, seconds } = counts;
const due = rate * seconds;

benchMain('crm-journey-timers', async () => {
  const bench = await serviceBench({ ...crmService, prefix: 'crm-bench' });
  const { db } = bench;
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
    const app = await bench.startApp({
      module: AppModule,
      config: crmConfig,
      env: {
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
    return {
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
    };
  } finally {
    await bench.drop();
  }
});
