import type { Channel } from '@omni/contracts';
import { HEADERS, TOPICS } from '@omni/contracts';
import { KafkaProducer } from '@omni/messaging';
import type { SimulatedEvent } from '@omni/simulator';
import type { ConnectorCredentials } from '../connectors/connector-provisioner';
import { Backpressure, type EventSender } from './event-sender';
import { LoadCounters } from './load-counters';

export type KafkaSenderOptions = {
  readonly brokers: readonly string[];
  readonly connectors: ReadonlyMap<Channel, ConnectorCredentials>;
  readonly batchSize: number;
  readonly maxInFlight: number;
  readonly flushIntervalMs?: number;
  /** Default ingest.raw.v1; the raw baseline scenario writes to a private topic instead. */
  readonly topic?: string;
  readonly counters?: LoadCounters;
};

type Pending = { key: string; value: string; headers: Record<string, string> };

/**
 * Produces straight to ingest.raw.v1 as a Kafka-native connector does: one JSON event per
 * message, keyed by the connector id, with the connector key in the omni-connector-key header.
 * "Accepted" here means Kafka acknowledged it (acks=all); ingest decides later.
 */
export class KafkaSender implements EventSender {
  readonly via = 'kafka' as const;
  readonly counters: LoadCounters;
  private readonly producer: KafkaProducer;
  private readonly backpressure: Backpressure;
  private readonly topic: string;
  private queue: Pending[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: KafkaSenderOptions) {
    this.counters = options.counters ?? new LoadCounters();
    this.backpressure = new Backpressure(this.counters, options.maxInFlight);
    this.topic = options.topic ?? TOPICS.ingestRaw.name;
    this.producer = new KafkaProducer({ brokers: [...options.brokers], clientId: 'omni-load' });
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 100);
    this.timer.unref();
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async send(event: SimulatedEvent): Promise<void> {
    const connector = this.options.connectors.get(event.channel);
    if (connector === undefined) {
      this.counters.sent += 1;
      this.counters.recordError(`no connector for channel ${event.channel}`, 1);
      return;
    }
    await this.backpressure.room();
    this.counters.sent += 1;
    // sentAt is the moment it leaves, as the SDK does over HTTP: ingest corrects skew with it.
    const value = JSON.stringify({
      ...event,
      connectorId: connector.connectorId,
      sentAt: new Date().toISOString(),
    });
    this.queue.push({
      key: connector.connectorId,
      value,
      headers: { [HEADERS.connectorKey]: connector.key },
    });
    if (this.queue.length >= this.options.batchSize) this.flush();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await Promise.all([...this.inFlight]);
    await this.producer.disconnect();
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize);
      const delivery = this.deliver(batch);
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }
  }

  private async deliver(batch: Pending[]): Promise<void> {
    const started = performance.now();
    try {
      await this.producer.sendBatch([{ topic: this.topic, messages: batch }]);
      this.counters.latenciesMs.push(performance.now() - started);
      this.counters.accepted += batch.length;
    } catch (error) {
      this.counters.recordError(
        error instanceof Error ? error.message : String(error),
        batch.length,
      );
    } finally {
      this.backpressure.released();
    }
  }
}
