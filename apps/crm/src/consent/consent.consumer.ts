import { Injectable } from '@nestjs/common';
import type { DownstreamEventOf } from '@omni/contracts';
import { profileChangeOf, sourceEventKey } from '@omni/messaging';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { resolvedEventsSettings } from '../resolved-events-handler';
import { ConsentRepository, type ConsentRecord } from './consent.repository';

/**
 * Consent from `customer.consent-updated` on resolved events, and its share of merges, splits
 * and erasures. Runs in the consumer group's inbox transaction, so a redelivery changes nothing.
 */
@Injectable()
export class ConsentHandler {
  constructor(private readonly consent: ConsentRepository) {}

  @HandlesTopic<CrmConfig>('resolvedEvents', resolvedEventsSettings)
  async onResolvedEvents(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    const records: ConsentRecord[] = [];
    for (const event of events) {
      const envelope = event.value;
      if (envelope.type !== 'customer.consent-updated' || envelope.customerId === undefined) {
        continue;
      }
      const { payload } = envelope as DownstreamEventOf<'customer.consent-updated'>;
      records.push({
        customerId: envelope.customerId,
        channel: payload.channel,
        purpose: payload.purpose,
        granted: payload.granted,
        policyVersion: payload.policyVersion ?? null,
        occurredAt: new Date(envelope.occurredAt),
        source: 'event',
        sourceEventKey: sourceEventKey(envelope),
        actor: null,
      });
    }
    await this.consent.record(tx, records);
  }

  @HandlesTopic<CrmConfig>('profileChanges')
  async onProfileChanges(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    for (const event of events) {
      const change = profileChangeOf(event.value);
      if (change?.kind === 'merged') {
        await this.consent.merge(tx, change.survivorId, change.mergedIds, change.eventKey);
      } else if (change?.kind === 'split') {
        await this.consent.split(tx, change.fromId, change.moves);
      } else if (change?.kind === 'erased') {
        await this.consent.erase(tx, change.customerId);
      }
    }
  }
}
