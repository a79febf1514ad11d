import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@omni/contracts';
import { EventHandler, Outbox, type ConsumedEvent } from '@omni/messaging';
import type { EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IdentityConfig } from '../config/identity-config';
import { IdentityResolver } from './identity-resolver.service';
import { profileChangeMessage } from '../profiles/profile-change-events';
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
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
    private readonly resolver: IdentityResolver,
    private readonly outbox: Outbox,
  ) {}

  /** Resolves a batch in order, with the graph read and written in bulk. */
  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ consumer }: IdentityConfig) => ({
      topic: consumer.inputTopic,
      groupId: consumer.groupId,
      enabled: consumer.enabled,
      batch: true,
      decode: decodeIngestedEvent,
      maxBatchSize: consumer.batchSize,
      partitionsConsumedConcurrently: consumer.partitionsConcurrently,
      commitIntervalMs: consumer.offsetCommitIntervalMs,
      batchAttempts: consumer.batchAttempts,
      combinePartitions: consumer.combinePartitions,
      // Resolving is this service's work: it is unready while the consumer is not in its group.
      readiness: 'gates',
    }),
  })
  async handleMany(
    events: readonly ConsumedEvent<EventEnvelope>[],
    tx: EntityManager,
  ): Promise<void> {
    const started = performance.now();
    // Reference feeds (stock, competitor prices, ad spend) are about no person and keep their key.
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
