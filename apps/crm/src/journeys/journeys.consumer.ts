import { Injectable } from '@nestjs/common';
import { profileChangeOf } from '@omni/messaging';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { resolvedEventsSettings } from '../resolved-events-handler';
import { JourneyEngine } from './journey-engine.service';
import { JourneysRepository } from './journeys.repository';

/**
 * Journeys from resolved events (entries and exits) and their share of merges, splits and
 * erasures, in the consumer group's inbox transaction.
 */
@Injectable()
export class JourneysHandler {
  constructor(
    private readonly engine: JourneyEngine,
    private readonly journeys: JourneysRepository,
  ) {}

  @HandlesTopic<CrmConfig>('resolvedEvents', resolvedEventsSettings)
  async onResolvedEvents(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    await this.engine.applyEvents(
      tx,
      events.map((event) => event.value),
    );
  }

  @HandlesTopic<CrmConfig>('profileChanges')
  async onProfileChanges(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    for (const event of events) {
      const envelope = event.value;
      const change = profileChangeOf(envelope);
      if (change?.kind === 'merged') {
        await this.journeys.merge(
          tx,
          change.survivorId,
          change.mergedIds,
          new Date(envelope.occurredAt),
        );
      } else if (change?.kind === 'split') {
        await this.journeys.split(tx, change.fromId, change.moves);
      } else if (change?.kind === 'erased') {
        await this.journeys.erase(tx, change.customerId);
      }
    }
  }
}
