// Reporting alone: resolved events consumed per second through Kafka (a fresh consumer group
// reading a topic filled beforehand: decode, inbox, facts, buckets and customer sets in one
// transaction per batch), then the p95 of KPI, funnel and attribution queries over what it
// stored. The events are the simulator's, each given its person as customerId (what identity
// resolution adds). Run several times and quote medians: the machine is shared.
// Run: npx nx run reporting:bench [-- --people 5000 --days 30 --limit 200000 --queries 20]
// Writes bench/results/reporting-<ISO date>.json at the repository root.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { resolvedEventsOf, simulate } from '@omni/simulator';
import { benchArgs, benchMain, round, scenarioCase, serviceBench, timedRuns } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { reportingConfig } from '../src/config/reporting-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

const TOKEN = 'bench-reporting-admin-token-0123456789';

const { counts } = benchArgs({ people: 5000, days: 30, limit: 200000, queries: 20, batch: 2000 });

/** The p50 and p95 of `runs` requests made one after another; anything but a 200 stops the bench. */
function timed(
  app: NestFastifyApplication,
  runs: number,
  request: () => Parameters<NestFastifyApplication['inject']>[0],
) {
  return timedRuns(runs, async () => {
    const response = await app.inject(request());
    if (response.statusCode !== 200)
      throw new Error(`query answered ${response.statusCode}: ${response.body}`);
  });
}

benchMain('reporting', async () => {
  const startDate = '2025-06-01';
  const days = counts.days;
  const events = resolvedEventsOf(
    simulate({ seed: 11, people: counts.people, startDate, days }).labelledEvents(),
    counts.limit,
  );
  const orders = events.filter(({ value }) => value.type === 'order.placed').length;
  const messages = events.map(({ key, value }) => ({ key, value: JSON.stringify(value) }));
  const bench = await serviceBench({
    service,
    migrations,
    prefix: 'reporting-bench',
    consumerGroupSetting: reportingConfig.consumerGroup.variable,
    adminToken: TOKEN,
    topics: {
      ...reportingConfig.topics,
      resolvedEvents: { setting: reportingConfig.topics.resolvedEvents, partitions: 6 },
    },
  });
  const { db, producer, topics } = bench;
  for (let i = 0; i < messages.length; i += 5_000)
    await producer.send(topics.resolvedEvents, messages.slice(i, i + 5_000));

  const app = await bench.startApp({
    module: AppModule,
    config: reportingConfig,
    env: {
      REPORTING_BATCH_SIZE: String(counts.batch),
      REPORTING_ALERT_EVALUATION_MS: '0',
      LOG_LEVEL: 'warn',
    },
  });
  // From the app being up (its consumer joins the group at bootstrap) to the last event applied.
  const started = performance.now();
  // Reporting's own CPU per event (this process is reporting), steadier than events/s on a busy machine.
  const cpuAtStart = process.cpuUsage();
  try {
    const count = async () =>
      Number(
        ((await db.dataSource.query(`SELECT count(*) AS n FROM inbox`)) as { n: string }[])[0].n,
      );
    for (;;) {
      if ((await count()) >= messages.length) break;
      if (performance.now() - started > 30 * 60_000)
        throw new Error('not consumed within 30 minutes');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const end = new Date(Date.parse(`${startDate}T00:00:00Z`) + days * 86_400_000).toISOString();
    const from = `${startDate}T00:00:00Z`;
    const runs = counts.queries;
    const auth = { authorization: `Bearer ${TOKEN}` };
    const queries = {
      kpisPerChannelDay: await timed(app, runs, () => ({
        method: 'GET',
        url: `/v1/kpis?groupBy=channel&interval=day&from=${from}&to=${end}`,
        headers: auth,
      })),
      kpisPerChannelHourShanghai: await timed(app, runs, () => ({
        method: 'GET',
        url: `/v1/kpis?groupBy=channel&interval=hour&tz=Asia/Shanghai&from=${from}&to=${end}&metrics=orders,gmvGross,visitors`,
        headers: auth,
      })),
      defaultFunnel: await timed(app, runs, () => ({
        method: 'POST',
        url: '/v1/funnels/query',
        headers: auth,
        payload: { from, to: end, breakdown: 'channel' },
      })),
      attributionAllModels: await timed(app, runs, () => ({
        method: 'POST',
        url: '/v1/attribution/query',
        headers: auth,
        payload: { from, to: end },
      })),
    };
    const customers = new Set(messages.map((m) => m.key)).size;
    const query = (id: string, title: string, timing: { p50: number; p95: number }) => ({
      id,
      title,
      status: 'ok' as const,
      headline: ['p95Ms', 'p50Ms'],
      cases: [scenarioCase('default', [{ metrics: { p50Ms: timing.p50, p95Ms: timing.p95 } }])],
      comparisons: [],
      notes: [`${runs} queries over everything stored, through the HTTP layer in-process`],
    });
    return {
      settings: { ...counts },
      scenarios: [
        {
          id: 'consume',
          title:
            'reporting alone: a fresh consumer group reads a pre-filled topic (6 partitions) through decode, inbox, facts, buckets and customer sets',
          status: 'ok',
          headline: ['eventsPerSecond', 'cpuUsPerEvent'],
          cases: [
            scenarioCase('default', [
              {
                metrics: {
                  eventsPerSecond: Math.round(messages.length / seconds),
                  cpuUsPerEvent: round((cpu.user + cpu.system) / messages.length),
                  seconds: round(seconds),
                  events: messages.length,
                  orders,
                  customers,
                },
              },
            ]),
          ],
          comparisons: [],
          notes: [],
        },
        query(
          'kpis-per-channel-day',
          'GET /v1/kpis per channel and day',
          queries.kpisPerChannelDay,
        ),
        query(
          'kpis-per-channel-hour-shanghai',
          'GET /v1/kpis per channel and hour in Asia/Shanghai',
          queries.kpisPerChannelHourShanghai,
        ),
        query(
          'default-funnel',
          'POST /v1/funnels/query, the default funnel by channel',
          queries.defaultFunnel,
        ),
        query(
          'attribution-all-models',
          'POST /v1/attribution/query, all five models',
          queries.attributionAllModels,
        ),
      ],
    };
  } finally {
    await app.close();
    await bench.drop();
  }
});
