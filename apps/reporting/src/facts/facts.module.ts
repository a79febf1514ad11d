import { Module } from '@nestjs/common';
import { CsatRepository } from '../csat/csat.repository';
import { FactsRepository } from './facts.repository';
import { FactsService } from './facts.service';
import { ResolvedEventsHandler } from './resolved-events.consumer';

/** Consumption of resolved events into facts and KPI buckets. */
@Module({
  providers: [FactsRepository, FactsService, ResolvedEventsHandler, CsatRepository],
  exports: [FactsRepository],
})
export class FactsModule {}
