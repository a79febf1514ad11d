import { Module } from '@nestjs/common';
import { CustomersDataModule } from '../customers/customers-data.module';
import { TierAssessmentScheduler } from './tier-assessment.scheduler';
import { CustomerTierChangesController, TiersController } from './tiers.controller';
import { TiersService } from './tiers.service';
import { TierChangesRepository } from './tier-changes.repository';

@Module({
  imports: [CustomersDataModule],
  controllers: [TiersController, CustomerTierChangesController],
  providers: [TiersService, TierChangesRepository, TierAssessmentScheduler],
  exports: [TiersService],
})
export class TiersModule {}
