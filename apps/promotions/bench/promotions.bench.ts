// Promotions: POST /v1/quotes for 20 lines against 100 live promotions (10 campaigns, made
// through the admin API) with 10 coupon codes in the cart: throughput at saturation, then
// latency at a fixed offered rate; and redemptions recorded per second from order.placed on
// Kafka. One fresh schema (the real migrations), the real app on a local port; prices are
// seeded into the read model with SQL.
// Run (the scale): npx nx run promotions:bench
// Small: npx nx run promotions:bench -- --quote-seconds 3 --rate 200 --orders 500 --runs 1
// Writes bench/results/promotions-<ISO date>.json at the repository root.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HEADERS } from '@omni/contracts';
import { createTopics, deleteTopics, KafkaProducer } from '@omni/messaging';
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
  type ScenarioResult,
} from '@omni/testing';
import { AppModule } from '../src/app.module';
import { promotionsConfig } from '../src/config/promotions-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

const root = path.resolve(__dirname, '../../..');
const { counts } = benchArgs({
  'quote-seconds': 10,
  rate: 1_000,
  concurrency: 32,
  orders: 5_000,
  runs: 3,
});
const quoteSeconds = counts['quote-seconds'];
const { rate, concurrency, orders, runs } = counts;

const ADMIN_TOKEN = 'bench-promotions-admin-token';
const SKUS = 500;
const LINES = 20;
const CAMPAIGNS = 10;
const PROMOTIONS_PER_CAMPAIGN = 10;
const CODES = Array.from({ length: 10 }, (_, i) => `BENCH-CODE-${i}`);
const sku = (n: number) => `BENCH-${String(n % SKUS).padStart(4, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One of ten promotion shapes, so the 100 cover every condition and action. */
function promotionBody(campaign: number, index: number) {
  const n = campaign * PROMOTIONS_PER_CAMPAIGN + index;
  const skus = Array.from({ length: 30 }, (_, i) => sku(n * 13 + i));
  const shapes = [
    {
      conditions: [{ code: 'tier-at-least', args: { tier: 'silver' } }],
      actions: [{ code: 'percent-off', args: { basisPoints: 500 + n, target: 'lines' } }],
    },
    {
      conditions: [],
      actions: [
        {
          code: 'spend-tiers',
          args: {
            tiers: [
              { threshold: 30_000, off: 3_000 + n },
              { threshold: 60_000, off: 8_000 },
            ],
          },
        },
      ],
      exclusiveGroup: `tiers-${campaign}`,
    },
    {
      conditions: [{ code: 'coupon-code', args: { code: CODES[n % CODES.length] } }],
      actions: [{ code: 'amount-off', args: { amount: 1_000 + n, per: 'order' } }],
      exclusiveGroup: `tiers-${campaign}`,
    },
    {
      conditions: [{ code: 'items-in-cart', args: { skus } }],
      actions: [{ code: 'buy-x-get-y', args: { buy: 2, get: 1, skus } }],
    },
    { conditions: [], actions: [{ code: 'every-spend', args: { every: 30_000, off: 500 + n } }] },
    {
      conditions: [{ code: 'min-quantity', args: { quantity: 10 } }],
      actions: [{ code: 'amount-off', args: { amount: 50, per: 'unit', skus } }],
    },
    {
      conditions: [{ code: 'segment', args: { segments: ['vip'] } }],
      actions: [{ code: 'fixed-price', args: { unitPrice: 5_000, skus } }],
    },
    {
      conditions: [{ code: 'min-subtotal', args: { amount: 20_000 } }],
      actions: [
        { code: 'free-shipping', args: {} },
        { code: 'gift', args: { sku: 'GIFT-1', quantity: 1 } },
      ],
    },
    {
      conditions: [
        {
          code: 'time-window',
          args: { timeZone: 'Asia/Shanghai', hours: { from: '00:00', to: '23:59' } },
        },
        { code: 'channel', args: { channels: ['tmall', 'jd'] } },
      ],
      actions: [{ code: 'percent-off', args: { basisPoints: 300, target: 'order' } }],
    },
    {
      conditions: [{ code: 'first-order', args: {} }],
      actions: [{ code: 'amount-off', args: { amount: 2_000, per: 'order' } }],
      stopsFurtherPromotions: true,
    },
  ];
  return {
    name: `p${n}`,
    priority: (n * 7) % 23,
    ...shapes[index % shapes.length],
    reason: 'bench',
  };
}

async function main() {
  const startedAt = new Date().toISOString();
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    resolved: `prm-bench-${suffix}.resolved-events.v1`,
    redemptions: `prm-bench-${suffix}.redemptions.v1`,
  };
  await createTopics(brokers, [
    { name: topics.resolved, partitions: 6 },
    { name: topics.redemptions, partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: service.name, migrations });
  const app = await createTestApp({
    module: AppModule,
    service,
    config: promotionsConfig,
    env: {
      ...db.env,
      PROMOTIONS_ADMIN_TOKEN: ADMIN_TOKEN,
      PROMOTIONS_RESOLVED_EVENTS_TOPIC: topics.resolved,
      PROMOTIONS_REDEMPTIONS_TOPIC: topics.redemptions,
      PROMOTIONS_CONSUMER_GROUP: `prm-bench-${suffix}`,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const producer = new KafkaProducer({ brokers, clientId: `prm-bench-${suffix}` });
  try {
    await seed(app, db.dataSource.query.bind(db.dataSource));
    const quoteRuns = [];
    const redemptionRuns = [];
    for (let run = 0; run < runs; run++) {
      quoteRuns.push(await quoteRun(base, auth));
      redemptionRuns.push(
        await redemptionRun(
          db.dataSource.query.bind(db.dataSource),
          producer,
          topics.resolved,
          run,
        ),
      );
    }
    const scenarios: ScenarioResult[] = [
      {
        id: 'quote',
        title: `POST /v1/quotes: ${LINES} lines, ${CAMPAIGNS * PROMOTIONS_PER_CAMPAIGN} live promotions, ${CODES.length} coupon codes, over HTTP on one process`,
        status: 'ok',
        headline: ['p99Ms', 'p50Ms', 'saturationQuotesPerSecond'],
        cases: [scenarioCase(`offered ${rate}/s`, quoteRuns)],
        comparisons: [],
        notes: [
          'latency counts from when a request was due, so a backlog shows (no coordinated omission)',
          'the load generator runs in the service process and shares its event loop and the 2 cores',
          'prices come from the read model (no unitPrice in the request); half the quotes are for a known member',
          'the machine is shared with other engineers’ builds and tests while this ran: figures are noisy',
        ],
      },
      {
        id: 'redemptions',
        title:
          'order.placed on Kafka → re-quote at event time → coupon claims, budgets, redemptions and outbox',
        status: 'ok',
        headline: ['ordersPerSecond', 'redemptionsPerSecond'],
        cases: [scenarioCase(`${orders} orders`, redemptionRuns)],
        comparisons: [],
        notes: ['one consumer process; each order carries 2 coupon codes and 8 lines'],
      },
    ];
    const file = writeBenchResult('promotions', {
      startedAt,
      settings: {
        quoteSeconds,
        rate,
        concurrency,
        orders,
        runs,
        lines: LINES,
        promotions: CAMPAIGNS * PROMOTIONS_PER_CAMPAIGN,
        codes: CODES.length,
      },
      scenarios,
    });
    console.log(`wrote ${path.relative(root, file)}`);
  } finally {
    await producer.disconnect();
    await app.close();
    await deleteTopics(brokers, Object.values(topics));
    await db.drop();
  }
}

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;
type App = Awaited<ReturnType<typeof createTestApp>>;

async function seed(app: App, query: Query) {
  const post = async (url: string, payload: object, actor: string) => {
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-omni-actor': actor },
      payload,
    });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
    return response.json();
  };
  for (let campaign = 0; campaign < CAMPAIGNS; campaign++) {
    const { id } = await post(
      '/v1/campaigns',
      {
        name: `bench ${campaign}`,
        channels: ['tmall', 'jd', 'app'],
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        reason: 'bench',
      },
      'bench:author',
    );
    for (let index = 0; index < PROMOTIONS_PER_CAMPAIGN; index++)
      await post(`/v1/campaigns/${id}/promotions`, promotionBody(campaign, index), 'bench:author');
    if (campaign === 0)
      for (const code of CODES)
        await post(`/v1/campaigns/${id}/coupons`, { code, reason: 'bench' }, 'bench:author');
    await post(`/v1/campaigns/${id}/approve`, { reason: 'bench' }, 'bench:approver');
    await post(`/v1/campaigns/${id}/launch`, { reason: 'bench' }, 'bench:approver');
  }
  await query(
    `INSERT INTO sku_prices (sku, channel, currency, customer_group, valid_from, amount, occurred_at)
     SELECT 'BENCH-' || lpad(n::text, 4, '0'), c, 'CNY', g, now() - interval '1 day',
            2000 + (n % 97) * 100 - CASE WHEN g = '' THEN 0 ELSE 100 END, now()
       FROM generate_series(0, ${SKUS - 1}) n, unnest(ARRAY['tmall', 'jd', 'app']) c, unnest(ARRAY['', 'gold']) g`,
  );
  await query(
    `INSERT INTO customers (customer_id, tier, tier_at, orders)
     SELECT 'bench-cus-' || n, (ARRAY['regular', 'silver', 'gold', 'diamond'])[1 + n % 4], now(), n % 3 FROM generate_series(0, 999) n`,
  );
  await query(
    `INSERT INTO customer_segments (customer_id, segment_id, segment_name, member, changed_at)
     SELECT 'bench-cus-' || n, 'seg-vip', 'vip', true, now() FROM generate_series(0, 999, 5) n`,
  );
  await query(`ANALYZE`);
}

function quoteBody(n: number) {
  return JSON.stringify({
    channel: n % 3 === 0 ? 'app' : 'tmall',
    currency: 'CNY',
    ...(n % 2 === 0 ? { customerId: `bench-cus-${n % 1000}` } : {}),
    couponCodes: CODES,
    shipping: 1_000,
    lines: Array.from({ length: LINES }, (_, i) => ({
      lineId: `l${String(i).padStart(2, '0')}`,
      sku: sku(n * 31 + i * 17),
      quantity: 1 + ((n + i) % 3),
    })),
  });
}

async function quoteOnce(base: string, auth: Record<string, string>, n: number) {
  const response = await fetch(`${base}/v1/quotes`, {
    method: 'POST',
    headers: auth,
    body: quoteBody(n),
  });
  const body = (await response.json()) as { applied?: unknown[]; hash?: string };
  if (response.status !== 200 || body.hash === undefined)
    throw new Error(`quote answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.applied?.length ?? 0;
}

async function quoteRun(base: string, auth: Record<string, string>) {
  let applied = 0;
  for (let n = 0; n < 200; n++) applied += await quoteOnce(base, auth, n);
  let done = 0;
  const until = performance.now() + quoteSeconds * 1000;
  const saturationStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let n = client; performance.now() < until; n += concurrency) {
        await quoteOnce(base, auth, n);
        done += 1;
      }
    }),
  );
  const saturation = done / ((performance.now() - saturationStart) / 1000);
  await sleep(1_000);
  const latencies: number[] = [];
  const interval = 1000 / rate;
  const total = rate * quoteSeconds;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = start + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      quoteOnce(base, auth, n).then(() => void latencies.push(performance.now() - due)),
    );
    // Bounded sockets: a backlog still shows, since latency counts from when a request was due.
    if (inFlight.length >= 256) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  const achieved = total / ((performance.now() - start) / 1000);
  const metrics = {
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    achievedQuotesPerSecond: round(achieved),
    saturationQuotesPerSecond: round(saturation),
    appliedPerQuote: round(applied / 200, 1),
  };
  console.log(`quote: ${JSON.stringify(metrics)}`);
  return { metrics };
}

async function redemptionRun(query: Query, producer: KafkaProducer, topic: string, run: number) {
  const countOrders = async () =>
    Number(
      (
        (await query(`SELECT coalesce(sum(orders), 0)::int AS n FROM customers`)) as { n: number }[]
      )[0]!.n,
    );
  const countRedemptions = async () =>
    Number(((await query(`SELECT count(*)::int AS n FROM redemptions`)) as { n: number }[])[0]!.n);
  const ordersBefore = await countOrders();
  const redemptionsBefore = await countRedemptions();
  const events = Array.from({ length: orders }, (_, i) => {
    const eventId = randomUUID();
    const customerId = `bench-order-cus-${run}-${i % 2000}`;
    return {
      key: customerId,
      headers: { [HEADERS.eventType]: 'order.placed', [HEADERS.eventVersion]: '1' },
      value: {
        eventId,
        type: 'order.placed',
        version: 1,
        occurredAt: new Date().toISOString(),
        channel: 'tmall',
        identifiers: { memberId: customerId },
        customerId,
        correlationId: eventId,
        causationId: eventId,
        payload: {
          orderId: `bench-${run}-${i}-${eventId.slice(0, 8)}`,
          lines: Array.from({ length: 8 }, (_, line) => ({
            sku: sku(i * 7 + line * 11),
            quantity: 1 + (line % 2),
            unitPrice: { amount: 3_000 + line * 500, currency: 'CNY' },
          })),
          total: { amount: 30_000, currency: 'CNY' },
          coupons: [CODES[i % CODES.length], CODES[(i + 3) % CODES.length]],
        },
      },
    };
  });
  const start = performance.now();
  for (let i = 0; i < events.length; i += 500) await producer.send(topic, events.slice(i, i + 500));
  for (;;) {
    if ((await countOrders()) - ordersBefore >= orders) break;
    if (performance.now() - start > 600_000)
      throw new Error('redemptions did not finish in 10 minutes');
    await sleep(200);
  }
  const seconds = (performance.now() - start) / 1000;
  const redemptions = (await countRedemptions()) - redemptionsBefore;
  const metrics = {
    ordersPerSecond: round(orders / seconds),
    redemptionsPerSecond: round(redemptions / seconds),
    redemptionsPerOrder: round(redemptions / orders, 2),
    seconds: round(seconds, 1),
  };
  console.log(`redemptions: ${JSON.stringify(metrics)}`);
  return { metrics };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
