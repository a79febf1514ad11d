import { Module } from '@nestjs/common';
import { CsatRepository } from '../csat/csat.repository';
import { InventoryFactsRepository } from '../inventory/inventory-facts.repository';
import { FactsRepository } from './facts.repository';
import { FactsService } from './facts.service';
import { RedemptionDiscountsService } from '../promotions-feed/redemption-discounts.service';
import { RedemptionsRepository } from '../promotions-feed/redemptions.repository';
import { ResolvedEventsHandler } from './resolved-events.consumer';
import { TimelinesModule } from '../timelines/timelines.module';

/** Consumption of resolved events into facts and KPI buckets. */
@Module({
  imports: [TimelinesModule],
  providers: [
    FactsRepository,
    FactsService,
    ResolvedEventsHandler,
    RedemptionsRepository,
    RedemptionDiscountsService,
    CsatRepository,
    InventoryFactsRepository,
  ],
  exports: [FactsRepository, RedemptionsRepository, RedemptionDiscountsService],
})
export class FactsModule {}
