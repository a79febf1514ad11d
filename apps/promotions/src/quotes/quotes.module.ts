import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { CouponsModule } from '../coupons/coupons.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { LivePromotions } from './live-promotions';
import { QuoteWorkers } from './quote-workers';
import { QuotesController } from './quotes.controller';
import { QuotesService } from './quotes.service';

/** The side-effect-free cart quote. */
@Module({
  imports: [CampaignsModule, CouponsModule, ReadModelsModule],
  controllers: [QuotesController],
  providers: [LivePromotions, QuoteWorkers, QuotesService],
  exports: [QuotesService, LivePromotions],
})
export class QuotesModule {}
