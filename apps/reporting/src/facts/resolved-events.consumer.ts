import { Injectable } from '@nestjs/common';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { FactsService } from './facts.service';

/** Every resolved event, applied in the inbox transaction: a redelivered event changes nothing. */
@Injectable()
export class ResolvedEventsHandler {
  constructor(private readonly facts: FactsService) {}

  @HandlesTopic<ReportingConfig>('resolvedEvents', ({ consumer }) => ({
    maxBatchSize: consumer.batchSize,
    partitionsConsumedConcurrently: consumer.partitionsConcurrently,
    combinePartitions: true,
    // A Kafka round trip per transaction, before the next fetch, is latency for nothing.
    commitIntervalMs: consumer.offsetCommitIntervalMs,
  }))
  async onResolvedEvents(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    await this.facts.applyMany(
      events.map(({ value, topic, partition }) => ({ event: value, topic, partition })),
      tx,
    );
  }
}
