import { randomBytes } from 'node:crypto';
import { createTopics, deleteTopics } from '@omni/messaging';
import {
  createTestDatabase,
  serviceProcessHarness,
  testInfra,
  uniqueSuffix,
  type ServiceProcess,
} from '@omni/testing';
import { TraceFixture1764000000001 } from './support/trace-fixture.migration';

describe('trace context across HTTP, the outbox and Kafka', () => {
  const topic = `trace-fixture.orders.${uniqueSuffix()}`;
  const harness = serviceProcessHarness(
    'libs/platform/test/support/traced-app.main.ts',
    async () => {
      const db = await createTestDatabase({
        service: 'trace',
        migrations: [TraceFixture1764000000001],
      });
      await createTopics(testInfra().brokers, [{ name: topic, partitions: 1 }]);
      return {
        db,
        env: { ...db.env, TRACE_TOPIC: topic },
        async drop() {
          await deleteTopics(testInfra().brokers, [topic]);
          await db.drop();
        },
      };
    },
    { stopWith: 'SIGTERM' },
  );
  let proc: ServiceProcess;

  beforeAll(async () => {
    proc = await harness.start({ waitFor: '/health/ready' });
  });

  async function traceSeenByConsumer(eventId: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const rows = await harness.setup.db.dataSource.query(
        'SELECT trace_id FROM seen_traces WHERE event_id = $1',
        [eventId],
      );
      if (rows.length) return rows[0].trace_id;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the consumer never processed ${eventId}; service output:\n${proc.output()}`);
  }

  it('the trace id of a request that produced an event equals the trace id seen by the consumer', async () => {
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(`http://127.0.0.1:${proc.port}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ orderId: 'o-1' }),
    });
    expect(response.status).toBe(201);
    expect(await traceSeenByConsumer('o-1')).toBe(traceId);
  });

  it('a request without incoming trace context starts a trace that the consumer continues', async () => {
    const response = await fetch(`http://127.0.0.1:${proc.port}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'o-2' }),
    });
    const { traceId } = (await response.json()) as { traceId?: string };
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await traceSeenByConsumer('o-2')).toBe(traceId);
  });
});
