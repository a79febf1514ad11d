import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module';
import { QuotesModule } from '../quotes/quotes.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { OrderEventsHandler } from './order-events.consumer';
import { RedemptionsRepository } from './redemptions.repository';
import { RedemptionsService } from './redemptions.service';

/** Redemptions from orders: recorded once, within budgets and coupon limits, released once. */
@Module({
  imports: [QuotesModule, CouponsModule, ReadModelsModule],
  providers: [RedemptionsRepository, RedemptionsService, OrderEventsHandler],
  exports: [RedemptionsService, RedemptionsRepository],
})
export class RedemptionsModule {}
