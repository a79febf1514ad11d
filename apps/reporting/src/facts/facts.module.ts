import { Module } from '@nestjs/common';
import { CsatRepository } from '../csat/csat.repository';
import { InventoryFactsRepository } from '../inventory/inventory-facts.repository';
import { FactsRepository } from './facts.repository';
import { FactsService } from './facts.service';
import { ResolvedEventsHandler } from './resolved-events.consumer';

/** Consumption of resolved events into facts and KPI buckets. */
@Module({
  providers: [
    FactsRepository,
    FactsService,
    ResolvedEventsHandler,
    CsatRepository,
    InventoryFactsRepository,
  ],
  exports: [FactsRepository],
})
export class FactsModule {}
