import { Module } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { CartFactsCache } from './cart-facts-cache';
import { FloorsController } from './floors.controller';
import { FloorsService } from './floors.service';
import { ReadModelChanges } from './read-model-changes';
import { ReadModelsHandler } from './read-models.consumer';
import { ReadModelsRepository } from './read-models.repository';

/** Prices, customers and consent as promotions last heard of them from other services' events. */
@Module({
  controllers: [FloorsController],
  providers: [
    ReadModelsRepository,
    ReadModelChanges,
    CartFactsCache,
    ReadModelsHandler,
    AuditRepository,
    FloorsService,
  ],
  exports: [ReadModelsRepository, ReadModelChanges, CartFactsCache],
})
export class ReadModelsModule {}
