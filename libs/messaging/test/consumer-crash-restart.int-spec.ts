import { Logger } from '@nestjs/common';
import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { AssignerProtocol, type Consumer } from 'kafkajs';
import { createBatchConsumer } from '../src/consumer/batch-consumer';
import { createKafka } from '../src/kafka-client';
import { ConsumerSupervisor } from '../src/nest/consumer-supervisor.service';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import { applyAmount, waitUntil, type AmountEvent } from './support/messaging-test-kit';

/**
 * kafkajs restarts a consumer after retriable errors only; after any other (here the broker's
 * INCONSISTENT_GROUP_PROTOCOL, when another member of the group speaks a different assignor)
 * it disconnects the consumer for good. The supervisor must start it again, and readiness must
 * say why it is down meanwhile.
 */
describe('a consumer that crashed for good', () => {
  const { brokers } = testInfra();
  const service = `msg-crash-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const groupId = `${service}.group`;
  let db: TestDatabase;
  let squatter: Consumer | undefined;

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 2 }]);
  });

  afterAll(async () => {
    await squatter?.disconnect();
    await deleteTopics(brokers, [topic]);
    await db.drop();
  });

  it('is started again by the supervisor and consumes once the group accepts it', async () => {
    // A member with an assignor no Omni consumer offers holds the group.
    squatter = createKafka({ brokers }, 'squatter').consumer({
      groupId,
      partitionAssigners: [
        () => ({
          name: 'OtherAssigner',
          version: 0,
          assign: async ({ members }) =>
            members.map(({ memberId }) => ({
              memberId,
              memberAssignment: AssignerProtocol.MemberAssignment.encode({
                version: 0,
                assignment: {},
                userData: Buffer.alloc(0),
              }),
            })),
          protocol: ({ topics }) => ({
            name: 'OtherAssigner',
            metadata: AssignerProtocol.MemberMetadata.encode({
              version: 0,
              topics,
              userData: Buffer.alloc(0),
            }),
          }),
        }),
      ],
    });
    await squatter.connect();
    await squatter.subscribe({ topics: [topic] });
    const squatterJoined = new Promise((resolve) =>
      squatter?.on(squatter.events.GROUP_JOIN, resolve),
    );
    await squatter.run({ eachMessage: async () => undefined });
    await squatterJoined;

    const errors: string[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message) => {
      errors.push(String(message));
    });
    const supervisor = new ConsumerSupervisor();
    const consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      handle: (event, tx) => applyAmount(event, tx, groupId),
    });
    supervisor.run(consumer, { name: groupId, gatesReadiness: true });
    try {
      await waitUntil(
        async () => supervisor.consumers()[0]?.status === 'failed',
        60_000,
        'the consumer crashed',
      );
      expect(supervisor.consumers()[0]).toMatchObject({
        ready: false,
        error: expect.stringMatching(/protocol/i),
      });

      await squatter.disconnect();
      squatter = undefined;
      const producer = new KafkaProducer({ brokers, clientId: service });
      await producer.send(topic, [
        { key: 'acc-1', value: { eventId: 'evt-1', account: 'acc-1', amount: 5 } },
      ]);
      await producer.disconnect();
      const applied = async () =>
        Number((await db.dataSource.query(`SELECT count(*) AS n FROM effects`))[0].n);
      await waitUntil(async () => (await applied()) === 1, 60_000, 'the event was applied');
      expect(supervisor.consumers()[0]).toEqual({
        name: groupId,
        gatesReadiness: true,
        status: 'consuming',
        ready: true,
      });
      expect(errors.some((line) => line.includes('crashed and its client gave up'))).toBe(true);
    } finally {
      await supervisor.stopAll();
    }
  });
});
