import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import { committedCount, waitUntil, type AmountEvent } from './support/messaging-test-kit';

const root = path.resolve(__dirname, '../../..');

describe('a consumer killed with SIGKILL', () => {
  const { brokers } = testInfra();
  const service = `msg-crash-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const groupId = `${service}.group`;
  const total = 10_000;
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  let output = '';

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 4 }]);
  });

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await deleteTopics(brokers, [topic]);
    await db.drop();
  });

  const startConsumer = (): ChildProcess => {
    const child = spawn(
      process.execPath,
      ['-r', './tools/ts-register.cjs', 'libs/messaging/test/support/crash-consumer.ts'],
      {
        cwd: root,
        env: {
          ...process.env,
          ...db.env,
          KAFKA_BROKERS: brokers.join(','),
          TOPIC: topic,
          GROUP_ID: groupId,
          SERVICE: service,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    children.push(child);
    return child;
  };

  const effectCount = async () =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM effects`))[0].n);

  it('restarts and ends with every event applied exactly once', async () => {
    const expected = new Map<string, number>();
    const events: AmountEvent[] = Array.from({ length: total }, (_, i) => {
      const account = `acc-${i % 50}`;
      const amount = 1 + ((i * 7919) % 100);
      expected.set(account, (expected.get(account) ?? 0) + amount);
      return { eventId: `evt-${i}`, account, amount };
    });
    const producer = new KafkaProducer({ brokers, clientId: service });
    for (let i = 0; i < total; i += 1_000) {
      await producer.send(
        topic,
        events.slice(i, i + 1_000).map((e) => ({ key: e.account, value: e })),
      );
    }
    await producer.disconnect();

    const first = startConsumer();
    await waitUntil(
      async () => (await effectCount()) >= 1_500,
      60_000,
      'the first consumer has made progress',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${output}`);
    });
    first.kill('SIGKILL');
    await once(first, 'exit');
    const atKill = await effectCount();
    expect(atKill).toBeLessThan(total);

    const second = startConsumer();
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === total,
      90_000,
      'the restart has consumed everything',
    );
    second.kill('SIGTERM');
    await once(second, 'exit');

    const [{ rows, distinct }] = await db.dataSource.query(
      `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct FROM effects`,
    );
    expect({ rows, distinct }).toEqual({ rows: total, distinct: total });
    const balances: { account: string; total: string }[] = await db.dataSource.query(
      `SELECT account, total FROM balances`,
    );
    expect(new Map(balances.map((b) => [b.account, Number(b.total)]))).toEqual(expected);
    const [{ inbox }] = await db.dataSource.query(
      `SELECT count(*)::int AS inbox FROM inbox WHERE consumer_group = $1`,
      [groupId],
    );
    expect(inbox).toBe(total);
    console.log(
      `killed after ${atKill} of ${total} effects; the restart finished the rest exactly once`,
    );
  });
});
