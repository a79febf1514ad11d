import { Module } from '@nestjs/common';
import { InsightsModule } from '../insights/insights.module';
import { PointsModule } from '../points/points.module';
import { TiersModule } from '../tiers/tiers.module';
import { CustomerActivityService } from './customer-activity.service';
import { CustomerAnswersRepository } from './customer-answers.repository';
import { CustomerEventsHandler } from './customer-events.consumer';
import { CustomerProfileService } from './customer-profile.service';
import { CustomersDataModule } from './customers-data.module';
import { CustomersController } from './customers.controller';

@Module({
  imports: [CustomersDataModule, InsightsModule, PointsModule, TiersModule],
  controllers: [CustomersController],
  providers: [
    CustomerActivityService,
    CustomerAnswersRepository,
    CustomerProfileService,
    CustomerEventsHandler,
  ],
  exports: [CustomerProfileService],
})
export class CustomersModule {}
