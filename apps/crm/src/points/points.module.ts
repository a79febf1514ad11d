import { Module } from '@nestjs/common';
import { CustomersDataModule } from '../customers/customers-data.module';
import { TiersModule } from '../tiers/tiers.module';
import { PointsExpiryScheduler } from './points-expiry.scheduler';
import { PointsQueryService } from './points-query.service';
import { PointsController } from './points.controller';
import { PointsRepository } from './points.repository';
import { PointsService } from './points.service';

@Module({
  imports: [CustomersDataModule, TiersModule],
  controllers: [PointsController],
  providers: [PointsRepository, PointsService, PointsQueryService, PointsExpiryScheduler],
  exports: [PointsRepository, PointsService],
})
export class PointsModule {}
