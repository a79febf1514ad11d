// A consumer in its own process, so the crash spec can kill it with SIGKILL at any moment.
// Configured entirely by environment variables set by test/crash.int-spec.ts.
import { createServiceDataSource } from '@omni/database';
import { createBatchConsumer } from '../../src/consumer/batch-consumer';
import { applyAmount, type AmountEvent } from './messaging-test-kit';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function main(): Promise<void> {
  const groupId = required('GROUP_ID');
  const dataSource = createServiceDataSource({
    service: 'crash-consumer',
    schema: required('DATABASE_SCHEMA'),
    url: required('DATABASE_URL'),
    poolSize: 2,
  });
  await dataSource.initialize();
  const consumer = createBatchConsumer<AmountEvent>({
    service: required('SERVICE'),
    brokers: required('KAFKA_BROKERS').split(','),
    groupId,
    topics: [required('TOPIC')],
    dataSource,
    // Small transactions, so a kill lands between many commits rather than after one.
    maxBatchSize: 50,
    // A killed member must leave the group quickly so its restart gets the partitions.
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 500,
    handle: (event, tx) => applyAmount(event, tx, groupId),
  });
  process.once('SIGTERM', () => {
    void consumer
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0));
  });
  await consumer.start();
  process.stdout.write('started\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
