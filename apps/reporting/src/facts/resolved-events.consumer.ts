import { Injectable } from '@nestjs/common';
import { decodeDownstreamMessage, type DownstreamEventEnvelope } from '@omni/contracts';
import { EventHandler, type ConsumedEvent } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { FactsService } from './facts.service';

/** Every resolved event, applied in the inbox transaction: a redelivered event changes nothing. */
@Injectable()
export class ResolvedEventsHandler {
  constructor(private readonly facts: FactsService) {}

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ topics, consumerGroup, consumer }: ReportingConfig) => ({
      topic: topics.resolvedEvents,
      groupId: consumerGroup,
      batch: true,
      maxBatchSize: consumer.batchSize,
      partitionsConsumedConcurrently: consumer.partitionsConcurrently,
      combinePartitions: true,
      // A Kafka round trip per transaction, before the next fetch, is latency for nothing.
      commitIntervalMs: consumer.offsetCommitIntervalMs,
      decode: decodeDownstreamMessage,
    }),
  })
  async onResolvedEvents(
    events: readonly ConsumedEvent<DownstreamEventEnvelope>[],
    tx: EntityManager,
  ): Promise<void> {
    await this.facts.applyMany(
      events.map(({ value, topic, partition }) => ({ event: value, topic, partition })),
      tx,
    );
  }
}
