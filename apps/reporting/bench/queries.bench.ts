// Funnel and attribution queries at size: reporting's schema filled directly with synthetic
// events (by default 1,000,000 over 50,000 customers and 30 days, a tenth of them orders, a fifth
// marketing touches), each customer's timeline and touch timeline rebuilt from them by
// TimelinesRepository.rebuild and TouchTimelinesRepository.rebuild (the statements identity
// changes use; they pack as the consumer appends, see test/timelines-migration.int-spec.ts and
// test/touch-timelines-migration.int-spec.ts). Then the default funnel by channel and the three modes,
// each over the timelines (through HTTP, in-process) and over the stored events (the path of
// funnels with payload filters), and the attribution query. Answers of both paths must agree.
// Run: npx nx run reporting:bench-queries [-- --events 1000000 --customers 50000 --days 30 --queries 20 --event-queries 3]
// (`--only attribution` skips the funnel timelines and the funnels).
// Writes bench/results/reporting-queries-<ISO date>.json at the repository root.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  benchArgs,
  benchMain,
  compareCases,
  round,
  scenarioCase,
  serviceBench,
  timedRuns,
} from '@omni/testing';
import type { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import type { AttributionAnswerDto } from '../src/attribution/dto/attribution.dto';
import { reportingConfig } from '../src/config/reporting-config';
import type { FunnelQuery } from '../src/funnels/dto/funnels.dto';
import { FunnelsService, type FunnelSource } from '../src/funnels/funnels.service';
import { migrations } from '../src/migrations';
import { service } from '../src/service';
import { TimelinesRepository } from '../src/timelines/timelines.repository';
import { TouchTimelinesRepository } from '../src/timelines/touch-timelines.repository';
import { oracleAttribution } from '../test/support/attribution-oracle';

const TOKEN = 'bench-reporting-admin-token-0123456789';

const { counts, values } = benchArgs(
  {
    events: 1_000_000,
    customers: 50_000,
    days: 30,
    queries: 20,
    eventQueries: 3,
  },
  { only: { type: 'string' } },
);
if (values.only !== undefined && values.only !== 'attribution')
  throw new Error(`--only takes 'attribution', got '${values.only}'`);
/** `--only attribution`: no funnel timelines and no funnels, the attribution query alone. */
const onlyAttribution = values.only === 'attribution';

const START = '2025-06-01T00:00:00Z';
const CHANNELS = [
  'tmall',
  'jd',
  'douyin',
  'xiaohongshu',
  'wechat-miniprogram',
  'app',
  'web',
  'pos',
];

/** Deterministic pseudo-random events, a type per hundredth of the hash: the default funnel's. */
const FILL_EVENTS = `
  INSERT INTO events (event_key, customer_id, type, channel, campaign_id, occurred_at, order_id)
  SELECT 'ev-' || i, 'cus-' || (i % $2), t.type, ($4::text[])[1 + r.r2 % array_length($4::text[], 1)],
         CASE WHEN r.r3 % 21 = 0 THEN '' ELSE 'campaign-' || r.r3 % 21 END,
         $5::timestamptz + make_interval(secs => (r.r4 % ($3::bigint * 86400000)) / 1000.0),
         CASE WHEN t.type = 'order.placed' THEN 'ord-' || i END
    FROM generate_series(0, $1 - 1) i
   CROSS JOIN LATERAL (SELECT md5(i::text) AS h) h
   CROSS JOIN LATERAL (
     SELECT ('x' || substr(h.h, 1, 8))::bit(32)::bigint AS r1, ('x' || substr(h.h, 9, 8))::bit(32)::bigint AS r2,
            ('x' || substr(h.h, 17, 8))::bit(32)::bigint AS r3, ('x' || substr(h.h, 25, 8))::bit(32)::bigint AS r4
   ) r
   CROSS JOIN LATERAL (
     SELECT CASE
       WHEN r.r1 % 100 < 20 THEN 'marketing.touch' WHEN r.r1 % 100 < 45 THEN 'page.viewed'
       WHEN r.r1 % 100 < 55 THEN 'search.performed' WHEN r.r1 % 100 < 75 THEN 'product.viewed'
       WHEN r.r1 % 100 < 85 THEN 'cart.item-added' WHEN r.r1 % 100 < 90 THEN 'checkout.started'
       ELSE 'order.placed' END AS type
   ) t`;

async function http(app: NestFastifyApplication, url: string, payload: object) {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${TOKEN}` },
    payload,
  });
  if (response.statusCode !== 200)
    throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  return response.json() as unknown;
}

benchMain('reporting-queries', async () => {
  const bench = await serviceBench({
    service,
    migrations,
    prefix: 'reporting-queries',
    consumerGroupSetting: reportingConfig.consumerGroup.variable,
    adminToken: TOKEN,
    topics: reportingConfig.topics,
  });
  const app = await bench.startApp({
    module: AppModule,
    config: reportingConfig,
    env: { REPORTING_ALERT_EVALUATION_MS: '0', LOG_LEVEL: 'warn' },
  });
  try {
    const db = app.get<DataSource>(getDataSourceToken());
    const filling = performance.now();
    await db.query(FILL_EVENTS, [counts.events, counts.customers, counts.days, CHANNELS, START]);
    await db.query(`
      INSERT INTO orders (order_id, event_key, customer_id, channel, campaign_id, placed_at, total, currency)
      SELECT order_id, event_key, customer_id, channel, campaign_id, occurred_at,
             1000 + ('x' || substr(md5(event_key), 1, 8))::bit(32)::bigint % 50000, 'CNY'
        FROM events WHERE type = 'order.placed'`);
    await db.query(`
      INSERT INTO touches (event_key, customer_id, occurred_at, channel, campaign_id, source, medium, touch_type, paid)
      SELECT event_key, customer_id, occurred_at, channel, campaign_id, 'bench',
             CASE WHEN length(event_key) % 2 = 0 THEN 'cpc' ELSE 'social' END,
             CASE WHEN length(event_key) % 3 = 0 THEN 'click' ELSE 'impression' END,
             length(event_key) % 2 = 0
        FROM events WHERE type = 'marketing.touch'`);
    const filledEvents = (performance.now() - filling) / 1000;
    const building = performance.now();
    const timelines = app.get(TimelinesRepository);
    const touchTimelines = app.get(TouchTimelinesRepository);
    for (let c = 0; c < counts.customers; c += 5_000) {
      const ids = Array.from(
        { length: Math.min(5_000, counts.customers - c) },
        (_, k) => `cus-${c + k}`,
      );
      await db.transaction(async (tx) => {
        if (!onlyAttribution) await timelines.rebuild(tx, ids);
        await touchTimelines.rebuild(tx, ids);
      });
    }
    const builtTimelines = (performance.now() - building) / 1000;
    await db.query(`ANALYZE`);
    const sizes = (
      (await db.query(
        `SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM orders)::int AS orders,
                (SELECT count(*) FROM touches)::int AS touches, (SELECT count(*) FROM timelines)::int AS timelines,
                pg_total_relation_size('timelines')::bigint / 1048576 AS "timelinesMb",
                (SELECT count(*) FROM touch_timelines)::int AS "touchTimelines",
                pg_total_relation_size('touch_timelines')::bigint / 1048576 AS "touchTimelinesMb",
                pg_total_relation_size('events')::bigint / 1048576 AS "eventsMb"`,
      )) as Record<string, number | string>[]
    )[0];

    const end = new Date(Date.parse(START) + counts.days * 86_400_000).toISOString();
    const funnels = app.get(FunnelsService);
    const cases: { id: string; query: FunnelQuery }[] = [
      {
        id: 'default-by-channel',
        query: { mode: 'ordered', from: START, to: end, breakdown: 'channel' },
      },
      { id: 'ordered', query: { mode: 'ordered', from: START, to: end } },
      { id: 'strict', query: { mode: 'strict', from: START, to: end } },
      { id: 'any-order', query: { mode: 'any-order', from: START, to: end } },
    ];
    const funnelScenarios = [];
    for (const { id, query } of onlyAttribution ? [] : cases) {
      const over = (source: FunnelSource, runs: number) =>
        timedRuns(runs, () => funnels.answer(query, source));
      const viaHttp = await timedRuns(counts.queries, () => http(app, '/v1/funnels/query', query));
      const timelinesPath = await over('timelines', counts.queries);
      const eventsPath = await over('events', counts.eventQueries);
      if (JSON.stringify(timelinesPath.answer) !== JSON.stringify(eventsPath.answer))
        throw new Error(`funnel ${id}: the two paths disagree`);
      const timelineCase = scenarioCase('timelines', [
        { metrics: { p50Ms: timelinesPath.p50, p95Ms: timelinesPath.p95 } },
      ]);
      const eventsCase = scenarioCase('events', [
        { metrics: { p50Ms: eventsPath.p50, p95Ms: eventsPath.p95 } },
      ]);
      funnelScenarios.push({
        id: `funnel-${id}`,
        title: `POST /v1/funnels/query: ${JSON.stringify(query)}`,
        status: 'ok' as const,
        headline: ['p95Ms', 'p50Ms'],
        cases: [
          scenarioCase('http', [{ metrics: { p50Ms: viaHttp.p50, p95Ms: viaHttp.p95 } }]),
          timelineCase,
          eventsCase,
        ],
        comparisons: [
          compareCases(
            'p50Ms',
            { case: eventsCase },
            { scenario: `funnel-${id}`, case: timelineCase },
          ),
        ],
        notes: [
          `http: through the HTTP layer in-process (${counts.queries} queries); timelines and events: FunnelsService.answer over each source (${counts.queries} and ${counts.eventQueries} queries); the comparison is events ÷ timelines`,
          `steps per customer ${JSON.stringify((timelinesPath.answer as { steps: { customers: number }[] }).steps.map((s) => s.customers))}`,
        ],
      });
    }
    const attribution = await timedRuns(counts.queries, () =>
      http(app, '/v1/attribution/query', { from: START, to: end }),
    );
    // The answer at size must be the join's (the property test's oracle), to the last credit.
    const { currency, models, lookbackDays, halfLifeDays, ...answered } =
      attribution.answer as AttributionAnswerDto;
    const joined = await oracleAttribution(
      db.manager,
      { from: new Date(START), to: new Date(end), currency, lookbackDays },
      models,
      halfLifeDays,
    );
    if (JSON.stringify(answered) !== JSON.stringify(joined))
      throw new Error(
        'attribution over touch timelines answered unlike the join of orders and touches',
      );
    return {
      settings: { ...counts, only: values.only ?? 'all' },
      scenarios: [
        {
          id: 'fill',
          title:
            'synthetic events, orders and touches by SQL; timelines and touch timelines rebuilt from them per 5,000 customers',
          status: 'ok' as const,
          headline: ['fillSeconds', 'timelineSeconds'],
          cases: [
            scenarioCase('default', [
              {
                metrics: {
                  fillSeconds: round(filledEvents),
                  timelineSeconds: round(builtTimelines),
                  events: Number(sizes['events']),
                  orders: Number(sizes['orders']),
                  touches: Number(sizes['touches']),
                  timelines: Number(sizes['timelines']),
                  timelinesMb: Number(sizes['timelinesMb']),
                  touchTimelines: Number(sizes['touchTimelines']),
                  touchTimelinesMb: Number(sizes['touchTimelinesMb']),
                  eventsMb: Number(sizes['eventsMb']),
                },
              },
            ]),
          ],
          comparisons: [],
          notes: [],
        },
        ...funnelScenarios,
        {
          id: 'attribution-all-models',
          title: 'POST /v1/attribution/query, all five models, every order of the range',
          status: 'ok' as const,
          headline: ['p95Ms', 'p50Ms'],
          cases: [
            scenarioCase('http', [{ metrics: { p50Ms: attribution.p50, p95Ms: attribution.p95 } }]),
          ],
          comparisons: [],
          notes: [
            `${counts.queries} queries through the HTTP layer in-process; the answer equals the join of orders and touches (test/support/attribution-oracle.ts)`,
          ],
        },
      ],
    };
  } finally {
    await app.close();
    await bench.drop();
  }
});
