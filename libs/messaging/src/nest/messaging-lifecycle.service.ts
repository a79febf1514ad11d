import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { isExtraHttpThread } from '@omni/observability';
import { DataSource } from 'typeorm';
import { createBatchConsumer } from '../consumer/batch-consumer';
import {
  membershipSettings,
  relaySettings,
  retrySettings,
  type MessagingOptions,
} from '../config/messaging-options';
import { MessagingHealth } from '../health/messaging-health.service';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { KafkaProducer } from '../producer/kafka-producer';
import { ConsumerSupervisor } from './consumer-supervisor.service';
import { EventHandlerExplorer } from './event-handler.explorer';
import { groupHandlers } from './handler-groups';
import { MESSAGING_OPTIONS } from './messaging.tokens';

/**
 * Starts and stops messaging in the right order. Consumers start in the background (see
 * ConsumerSupervisor), so the HTTP server listens without waiting for a group join. Draining
 * happens before application shutdown proper, because TypeORM closes the DataSource in its
 * onApplicationShutdown and the last batches still need it to commit.
 */
@Injectable()
export class MessagingLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Messaging');

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
    private readonly relay: OutboxRelay,
    private readonly health: MessagingHealth,
    private readonly explorer: EventHandlerExplorer,
    private readonly consumers: ConsumerSupervisor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect().catch((error: unknown) => {
      // Readiness reports it; sends retry the connection.
      this.logger.warn(
        `Kafka is not reachable yet: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    // An extra HTTP thread (ADR 0040) only serves requests: it produces, but consumes and
    // relays nothing; the main thread does.
    if (isExtraHttpThread()) return;
    if (relaySettings(this.options).enabled) this.relay.start();
    const settings = { ...retrySettings(this.options), ...membershipSettings(this.options) };
    for (const group of groupHandlers(this.explorer.explore(), this.options.service)) {
      const consumer = createBatchConsumer({
        service: this.options.service,
        brokers: this.options.brokers,
        clientId: this.options.clientId,
        dataSource: this.dataSource,
        producer: this.producer,
        groupId: group.groupId,
        topics: group.topics,
        decode: group.decode,
        handle: group.handle,
        handleBatch: group.handleBatch,
        ...group.settings,
        ...settings,
      });
      this.consumers.run(consumer, { name: group.groupId, gatesReadiness: group.gatesReadiness });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.stopAll();
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await this.health.close();
  }
}
