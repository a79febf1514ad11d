import { Module } from '@nestjs/common';
import { FactsModule } from '../facts/facts.module';
import { OffersHandler } from './offers.consumer';
import {
  PromotionsController,
  PromotionsExportController,
  PromotionsTableController,
} from './promotions.controller';
import { PromotionsRepository } from './promotions.repository';
import { PromotionsService } from './promotions.service';
import { RedemptionsHandler } from './redemptions.consumer';

/**
 * What reporting reads of promotions: redemptions (the discounts KPI, net of releases), offers
 * (per-campaign conversion, A/B exposures) and the per-promotion report.
 */
@Module({
  imports: [FactsModule],
  controllers: [PromotionsController, PromotionsTableController, PromotionsExportController],
  providers: [RedemptionsHandler, OffersHandler, PromotionsRepository, PromotionsService],
})
export class PromotionsFeedModule {}
