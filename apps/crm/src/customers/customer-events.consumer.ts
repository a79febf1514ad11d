import { Injectable } from '@nestjs/common';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { resolvedEventsSettings } from '../resolved-events-handler';
import { CustomerActivityService } from './customer-activity.service';

/** Every resolved event of a customer, applied in the inbox transaction: a redelivered event changes nothing. */
@Injectable()
export class CustomerEventsHandler {
  constructor(private readonly activity: CustomerActivityService) {}

  @HandlesTopic<CrmConfig>('resolvedEvents', resolvedEventsSettings)
  async onResolvedEvents(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    await this.activity.applyMany(
      events.map((event) => event.value),
      tx,
    );
  }
}
