import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EventEnvelope } from '@omni/contracts';
import {
  createBatchConsumer,
  KafkaProducer,
  MESSAGING_OPTIONS,
  Outbox,
  type BatchConsumer,
  type ConsumedEvent,
  type MessagingOptions,
} from '@omni/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { IdentityResolver } from '../graph/identity-resolver.service';
import { profileChangeMessage } from '../graph/profile-change-events';
import { resolutionMetrics } from './resolution.metrics';
import { decodeIngestedEvent, resolvedEventMessage } from './resolved-event';

/**
 * Resolves every event of ingest.events.v1 and publishes it, with its customerId, to
 * identity.resolved-events.v1; merges go to identity.profile-changes.v1. Graph changes,
 * both outbox rows and the inbox row commit in one transaction.
 */
@Injectable()
export class ResolutionHandler {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly resolver: IdentityResolver,
    private readonly outbox: Outbox,
  ) {}

  async handle(event: ConsumedEvent<EventEnvelope>, tx: EntityManager): Promise<void> {
    const envelope = event.value;
    const started = performance.now();
    const hasPerson = Object.values(envelope.identifiers).some((value) => value !== undefined);
    // Reference feeds (stock, competitor prices, ad spend) are about no person and keep their key.
    const resolution = hasPerson ? await this.resolver.resolve(envelope, tx) : undefined;
    await this.outbox.enqueueMany(tx, [
      resolvedEventMessage(
        this.config.topics.resolved,
        envelope,
        resolution,
        event.key ?? envelope.eventId,
        event.rawValue,
      ),
      ...(resolution?.changes ?? []).map((change) =>
        profileChangeMessage(this.config.topics.profileChanges, change, envelope.eventId),
      ),
    ]);
    resolutionMetrics.observe(resolution, performance.now() - started);
  }

  /** The same as `handle` for each event in turn, with the graph read and written in bulk. */
  async handleMany(
    events: readonly ConsumedEvent<EventEnvelope>[],
    tx: EntityManager,
  ): Promise<void> {
    const started = performance.now();
    const personal = events.filter((event) =>
      Object.values(event.value.identifiers).some((value) => value !== undefined),
    );
    const resolutions = await this.resolver.resolveMany(
      personal.map((event) => event.value),
      tx,
    );
    const byEvent = new Map(personal.map((event, i) => [event, resolutions[i]]));
    await this.outbox.enqueueMany(
      tx,
      events.flatMap((event) => {
        const resolution = byEvent.get(event);
        return [
          resolvedEventMessage(
            this.config.topics.resolved,
            event.value,
            resolution,
            event.key ?? event.value.eventId,
            event.rawValue,
          ),
          ...(resolution?.changes ?? []).map((change) =>
            profileChangeMessage(this.config.topics.profileChanges, change, event.value.eventId),
          ),
        ];
      }),
    );
    const each = (performance.now() - started) / Math.max(1, events.length);
    for (const event of events) resolutionMetrics.observe(byEvent.get(event), each);
  }
}

/** Runs the resolution consumer group for the life of the app, when enabled. */
@Injectable()
export class ResolutionConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ResolutionConsumer');
  private consumer?: BatchConsumer;

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
    private readonly handler: ResolutionHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { consumer } = this.config;
    if (!consumer.enabled) return;
    this.consumer = createBatchConsumer<EventEnvelope>({
      service: this.messaging.service,
      brokers: this.messaging.brokers,
      clientId: this.messaging.clientId,
      groupId: consumer.groupId,
      topics: [consumer.inputTopic],
      dataSource: this.dataSource,
      producer: this.producer,
      decode: decodeIngestedEvent,
      handle: (event, tx) => this.handler.handle(event, tx),
      handleBatch: consumer.batchResolution
        ? (events, tx) => this.handler.handleMany(events, tx)
        : undefined,
      maxBatchSize: consumer.batchSize,
      partitionsConsumedConcurrently: consumer.partitionsConcurrently,
      commitIntervalMs: consumer.offsetCommitIntervalMs,
      batchAttempts: consumer.batchAttempts,
      combinePartitions: consumer.combinePartitions,
      ...this.messaging.consumer,
    });
    await this.consumer.start();
    this.logger.log(`resolving ${consumer.inputTopic} as consumer group ${consumer.groupId}`);
  }

  // Before shutdown proper: the last batch still needs the DataSource to commit.
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }
}
