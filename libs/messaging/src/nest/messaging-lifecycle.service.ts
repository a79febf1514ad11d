import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createBatchConsumer, type BatchConsumer } from '../consumer/batch-consumer';
import { relaySettings, retrySettings, type MessagingOptions } from '../config/messaging-options';
import { MessagingHealth } from '../health/messaging-health.service';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { KafkaProducer } from '../producer/kafka-producer';
import { EventHandlerExplorer } from './event-handler.explorer';
import { groupHandlers } from './handler-groups';
import { MESSAGING_OPTIONS } from './messaging.tokens';

/**
 * Starts and stops messaging in the right order. Draining happens before application
 * shutdown proper, because TypeORM closes the DataSource in its onApplicationShutdown and
 * the last batches still need it to commit.
 */
@Injectable()
export class MessagingLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Messaging');
  private consumers: BatchConsumer[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
    private readonly relay: OutboxRelay,
    private readonly health: MessagingHealth,
    private readonly explorer: EventHandlerExplorer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect().catch((error: unknown) => {
      // Readiness reports it; sends retry the connection.
      this.logger.warn(
        `Kafka is not reachable yet: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (relaySettings(this.options).enabled) this.relay.start();
    const retry = retrySettings(this.options);
    for (const group of groupHandlers(this.explorer.explore(), this.options.service)) {
      const consumer = createBatchConsumer({
        service: this.options.service,
        brokers: this.options.brokers,
        clientId: this.options.clientId,
        dataSource: this.dataSource,
        producer: this.producer,
        ...retry,
        ...group,
      });
      this.consumers.push(consumer);
      await consumer.start();
      this.logger.log(`consumer group ${group.groupId} started on ${group.topics.join(', ')}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const consumers = this.consumers;
    this.consumers = [];
    await Promise.all(consumers.map((c) => c.stop()));
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await this.health.close();
  }
}
