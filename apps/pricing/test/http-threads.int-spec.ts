import { request as httpRequest } from 'node:http';
import {
  describeConsumerGroup,
  stableGroupOf,
  startServiceProcess,
  waitForGroup,
  type ServiceProcess,
} from '@omni/testing';
import {
  auth,
  eventually,
  pricingTestEnvironment,
  type PricingTestEnvironment,
} from './support/pricing-harness';

const change = { actor: 'ops:test', reason: 'http threads test' };

type Answer = { status: number; body: string };

/**
 * One request on a connection of its own (no keep-alive agent), so the kernel picks the thread
 * that takes it afresh each time (SO_REUSEPORT spreads connections, not requests).
 */
function fresh(proc: ServiceProcess, method: string, path: string, body?: object): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      proc.url(path),
      {
        method,
        agent: false,
        headers: {
          ...auth,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Responses each thread has sent, from the scrape (whichever thread takes it adds them all up). */
async function responsesByThread(proc: ServiceProcess): Promise<Map<string, number>> {
  const metrics = await fresh(proc, 'GET', '/metrics');
  expect(metrics.status).toBe(200);
  const served = new Map<string, number>();
  for (const match of metrics.body.matchAll(
    /^omni_http_thread_requests_total\{thread="(\d+)"[^}]*\} (\d+)$/gm,
  )) {
    served.set(match[1], Number(match[2]));
  }
  return served;
}

describe('pricing on two HTTP threads of one process (PRICING_HTTP_THREADS=2)', () => {
  let testEnv: PricingTestEnvironment;
  let proc: ServiceProcess;

  beforeAll(async () => {
    testEnv = await pricingTestEnvironment({
      LOG_LEVEL: 'info',
      PRICING_HTTP_THREADS: '2',
      // A minute between polls: only the refresh a write sends every thread can make another
      // thread's catalog see it at once.
      PRICING_CATALOG_POLL_MS: '60000',
      PRICING_CATALOG_MAX_STALENESS_MS: '3600000',
    });
    proc = await startServiceProcess('apps/pricing/src/main.ts', testEnv.env, {
      waitFor: '/health/ready',
      waitForMs: 120_000,
    });
    // The main thread is ready first; the other thread listens once its catalog is loaded.
    await eventually(
      async () => proc.output().includes('on 2 threads') || undefined,
      'the second HTTP thread to listen',
      120_000,
    );
  }, 300_000);

  afterAll(async () => {
    await proc?.stop('SIGKILL');
    await testEnv?.drop();
  });

  async function publish(sku: string, amount: number): Promise<void> {
    const created = await fresh(proc, 'POST', '/v1/price-lists', {
      name: `threads ${sku}`,
      prices: [{ sku, amount, currency: 'CNY' }],
      ...change,
    });
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.body) as { id: string };
    expect((await fresh(proc, 'POST', `/v1/price-lists/${id}/publish`, change)).status).toBe(200);
  }

  const select = async (sku: string) => {
    const answer = await fresh(proc, 'POST', '/v1/prices/select', {
      skus: [sku],
      currency: 'CNY',
      channel: 'tmall',
    });
    expect(answer.status).toBe(200);
    return (JSON.parse(answer.body) as { prices: { status: string; price?: { amount: number } }[] })
      .prices[0];
  };

  it('a price published through either thread is selected at once through both', async () => {
    const before = await responsesByThread(proc);
    for (let round = 0; round < 6; round++) {
      const sku = `THR-${Date.now().toString(36)}-${round}`;
      await publish(sku, 1000 + round);
      for (let read = 0; read < 8; read++) {
        expect(await select(sku)).toMatchObject({
          status: 'priced',
          price: { amount: 1000 + round },
        });
      }
    }
    // Both threads took some of those 6 × 10 requests, so writes and selects crossed threads.
    const after = await responsesByThread(proc);
    expect([...after.keys()].sort()).toHaveLength(2);
    for (const [thread, count] of after) {
      expect(count - (before.get(thread) ?? 0)).toBeGreaterThan(0);
    }
  });

  it('/metrics adds up both threads: each response is counted once, process metrics once', async () => {
    const before = await responsesByThread(proc);
    for (let i = 0; i < 20; i++)
      expect((await fresh(proc, 'GET', '/health/live')).status).toBe(200);
    const after = await responsesByThread(proc);
    const total = (served: Map<string, number>) => [...served.values()].reduce((a, b) => a + b, 0);
    // The 20 probes and the first scrape (counted once it has answered).
    expect(total(after) - total(before)).toBe(21);
    const metrics = await fresh(proc, 'GET', '/metrics');
    expect(metrics.body.match(/^omni_process_cpu_user_seconds_total\{/gm)).toHaveLength(1);
  });

  it('consumes on the main thread only: the feed consumer group has one member', async () => {
    const groupId = testEnv.env.PRICING_FEED_GROUP_ID;
    const group = await waitForGroup(groupId, 'the feed consumer to join', stableGroupOf(1));
    expect(group.members).toHaveLength(1);
    // Still one a while later: no thread joined late.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await describeConsumerGroup(groupId)).members).toHaveLength(1);
  });

  it('/health/ready on either thread reports the feed consumer, which runs on the main thread', async () => {
    const groupId = testEnv.env.PRICING_FEED_GROUP_ID;
    await waitForGroup(groupId, 'the feed consumer to join', stableGroupOf(1));
    const before = await responsesByThread(proc);
    for (let probe = 0; probe < 16; probe++) {
      const ready = await fresh(proc, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      const body = JSON.parse(ready.body) as {
        info: { consumers: { status: string; groups: Record<string, string> } };
      };
      expect(body.info.consumers).toMatchObject({
        status: 'up',
        groups: { [groupId]: 'consuming' },
      });
    }
    const after = await responsesByThread(proc);
    for (const [thread, count] of after) {
      expect(count - (before.get(thread) ?? 0)).toBeGreaterThan(0);
    }
  });

  it('SIGTERM closes both threads and the process exits 0', async () => {
    expect(await proc.stop('SIGTERM')).toBe(0);
    expect(proc.output()).toContain('SIGTERM received: draining and shutting down');
  });
});
