import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { PriceChangesHandler } from './price-changes.consumer';

/** What reporting reads of pricing's topic: consistency breaches, as alerts. */
@Module({
  imports: [AlertsModule],
  providers: [PriceChangesHandler],
})
export class PricingFeedModule {}
