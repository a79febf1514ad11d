import { randomBytes } from 'node:crypto';
import { CHANNELS, type Channel } from '@omni/contracts';
import { createTopics, deleteTopics } from '@omni/messaging';
import type { ConnectorCredentials } from '../connectors/connector-provisioner';
import { KafkaSender } from '../load/kafka-sender';
import { sendAll } from '../load/load-run';
import type { BenchScenario } from './bench-scenario';
import { BATCH_SIZE, CONCURRENCY, throughputEvents } from './throughput-events';

// Same message shape as a Kafka-native connector: keyed by connector id, key in a header.
const baselineConnectors = new Map<Channel, ConnectorCredentials>(
  CHANNELS.map((channel) => [
    channel,
    { channel, connectorId: `sim-${channel}`, key: `omni.sim-${channel}.${'x'.repeat(43)}` },
  ]),
);

/** (a) The limit on this machine: the idempotent producer (acks=all) writing the same events. */
export const rawKafkaScenario: BenchScenario = {
  id: 'a',
  title: 'raw Kafka producer baseline',
  headline: ['eventsPerSecond', 'p50Ms', 'p99Ms'],
  notes: [
    `KafkaProducer.sendBatch (idempotent, acks=all), batches of ${BATCH_SIZE}, ${CONCURRENCY} in flight, to a private 6-partition topic; p50/p99 are per batch.`,
  ],
  unavailable: async () => undefined,
  async run(context, run) {
    const events = throughputEvents(context.seed(run, 0), context.tiny);
    const topic = `bench.raw-baseline-${randomBytes(4).toString('hex')}.v1`;
    await createTopics(context.endpoints.brokers, [{ name: topic, partitions: 6 }]);
    try {
      const sender = new KafkaSender({
        brokers: context.endpoints.brokers,
        connectors: baselineConnectors,
        batchSize: BATCH_SIZE,
        maxInFlight: CONCURRENCY * BATCH_SIZE,
        topic,
      });
      await sender.connect();
      const { value, processes } = await context.metered(() => sendAll(events, sender));
      const { summary } = value;
      if (summary.errors > 0)
        throw new Error(
          `${summary.errors} of ${summary.sent} events failed: ${Object.keys(summary.errorCauses).join('; ')}`,
        );
      return [
        {
          name: 'default',
          metrics: {
            eventsPerSecond: summary.achievedRate,
            p50Ms: summary.p50Ms,
            p99Ms: summary.p99Ms,
            events: summary.sent,
          },
          processes,
        },
      ];
    } finally {
      await deleteTopics(context.endpoints.brokers, [topic]);
    }
  },
};
