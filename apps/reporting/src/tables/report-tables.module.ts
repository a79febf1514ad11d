import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AttributionModule } from '../attribution/attribution.module';
import { ChannelDecisionsModule } from '../channel-decisions/channel-decisions.module';
import { ExperimentsModule } from '../experiments/experiments.module';
import { FunnelsModule } from '../funnels/funnels.module';
import { InventoryModule } from '../inventory/inventory.module';
import { KpisModule } from '../kpis/kpis.module';
import { RetentionModule } from '../retention/retention.module';
import { BucketBoundaryRepository } from './bucket-boundary.repository';
import { ExperimentIdsRepository } from './experiment-ids.repository';
import { ExportsController } from './exports.controller';
import { ReportTablesController } from './report-tables.controller';
import { ReportTablesService } from './report-tables.service';

@Module({
  imports: [
    KpisModule,
    FunnelsModule,
    AttributionModule,
    RetentionModule,
    ExperimentsModule,
    AlertsModule,
    ChannelDecisionsModule,
    InventoryModule,
  ],
  controllers: [ReportTablesController, ExportsController],
  providers: [ReportTablesService, ExperimentIdsRepository, BucketBoundaryRepository],
  exports: [ReportTablesService],
})
export class ReportTablesModule {}
