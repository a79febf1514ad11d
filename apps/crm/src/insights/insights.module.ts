import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { CustomersDataModule } from '../customers/customers-data.module';
import { JourneysModule } from '../journeys/journeys.module';
import { CustomerInsightsService } from './customer-insights.service';
import { InsightsAssessor } from './insights-assessor.service';
import { InsightsHandler } from './insights.consumer';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';
import { SegmentsController } from './segments/segments.controller';
import { SegmentsRepository } from './segments/segments.repository';
import { SegmentsService } from './segments/segments.service';

/** RFM, lifecycle, value tier, churn reason, CLV and dynamic segments. */
@Module({
  imports: [ConsentModule, CustomersDataModule, JourneysModule],
  controllers: [SegmentsController],
  providers: [
    InsightsRepository,
    InsightsService,
    InsightsAssessor,
    InsightsHandler,
    SegmentsRepository,
    SegmentsService,
    CustomerInsightsService,
  ],
  exports: [CustomerInsightsService, InsightsAssessor],
})
export class InsightsModule {}
