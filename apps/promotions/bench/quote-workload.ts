// The quote workload the promotions benches share: 10 live campaigns of 10 promotions (made
// through the admin API, so every condition and action is used), 500 SKUs priced in the read
// model, 1,000 customers with tiers and a vip segment, and carts of 20 lines with 10 coupon codes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, runHttpLoad, serviceBench } from '@omni/testing';
import { promotionsConfig } from '../src/config/promotions-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

export const ADMIN_TOKEN = 'bench-promotions-admin-token';
const SKUS = 500;
export const LINES = 20;
export const CAMPAIGNS = 10;
export const PROMOTIONS_PER_CAMPAIGN = 10;
export const CODES = Array.from({ length: 10 }, (_, i) => `BENCH-CODE-${i}`);
export const sku = (n: number) => `BENCH-${String(n % SKUS).padStart(4, '0')}`;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A schema, every topic of the service (resolved events and redemptions with these partitions)
 * and a consumer group of the bench's own, named after `prefix`. The consumer group reads all
 * its topics or none, so a topic it reads must exist even when the bench sends nothing to it.
 */
export const promotionsBench = (
  prefix: string,
  partitions: { resolved: number; redemptions: number },
) =>
  serviceBench({
    service,
    migrations,
    prefix,
    consumerGroupSetting: promotionsConfig.consumerGroup.variable,
    adminToken: ADMIN_TOKEN,
    topics: {
      ...promotionsConfig.topics,
      resolvedEvents: {
        setting: promotionsConfig.topics.resolvedEvents,
        partitions: partitions.resolved,
      },
      redemptions: {
        setting: promotionsConfig.topics.redemptions,
        partitions: partitions.redemptions,
      },
    },
  });

/** One of ten promotion shapes, so the 100 cover every condition and action. */
export function promotionBody(campaign: number, index: number) {
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

export type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;
export type App = Awaited<ReturnType<typeof createTestApp>>;

export async function seed(app: App, query: Query) {
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

export function quoteBody(n: number) {
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

/**
 * Every distinct body `quoteBody` makes: its customer repeats every 1,000 quotes, its SKUs every
 * 500, its channel and quantities every 3, so `quoteBody(n)` is `bodies[n % 3000]`.
 */
export const quoteBodies = () => Array.from({ length: 3_000 }, (_, n) => quoteBody(n));

export type LoadPhase = {
  url: string;
  mode: 'saturation' | 'offered';
  seconds: number;
  /** Requests per second offered (mode `offered`). */
  rate: number;
  /** Requests in flight (mode `saturation`). */
  concurrency: number;
  /** The `n` of the first request's body; client k of a saturation phase starts at first + k. */
  first: number;
};
/** Every CHECK_EVERY-th answer of a phase is checked to be a whole quote (quote-check.cjs). */
const CHECK_EVERY = 16;

export type LoadResult = { done: number; seconds: number; latencies?: ArrayLike<number> };

/**
 * The quote load generator: each phase runs in a child process of its own (the kit's
 * runHttpLoad), so building requests, reading the ~34 KB answers and their garbage share
 * neither the service's event loop nor its process's CPU figures (only the machine's cores).
 * `run` sends the requests of one phase and resolves when they are all answered.
 */
export async function startQuoteLoad() {
  const bodies = quoteBodies();
  return {
    run(phase: LoadPhase): Promise<LoadResult> {
      const first = phase.first % bodies.length;
      return runHttpLoad({
        port: Number(new URL(phase.url).port),
        path: '/v1/quotes',
        token: ADMIN_TOKEN,
        // Request n of the phase gets body first + n.
        bodies: [...bodies.slice(first), ...bodies.slice(0, first)],
        mode: phase.mode,
        seconds: phase.seconds,
        rate: phase.rate,
        concurrency: phase.concurrency,
        checkEvery: CHECK_EVERY,
        check: path.join(__dirname, 'quote-check.cjs'),
      });
    },
    close: () => Promise.resolve(),
  };
}

/**
 * CPU time (user + system, in ms) the calling thread has used so far: the service's thread when
 * the load runs on a worker. From /proc (Linux) in nanoseconds, like the kit's other CPU
 * figures, and whichever Node runs the bench (`process.threadCpuUsage` is Node 23.9 and later).
 */
export const threadCpuMs = () =>
  Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;

export async function quoteOnce(base: string, auth: Record<string, string>, n: number) {
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
