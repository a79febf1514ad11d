import { Module } from '@nestjs/common';
import { ConsistencyModule } from '../consistency/consistency.module';
import { PriceCatalogRepository } from '../selection/price-catalog.repository';
import { EffectivePricesService } from './effective-prices.service';
import { HistoryRepository } from './history.repository';

@Module({
  imports: [ConsistencyModule],
  providers: [HistoryRepository, PriceCatalogRepository, EffectivePricesService],
  exports: [HistoryRepository, PriceCatalogRepository, EffectivePricesService],
})
export class HistoryModule {}
