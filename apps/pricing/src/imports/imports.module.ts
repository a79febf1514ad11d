import { Module } from '@nestjs/common';
import { PriceListsModule } from '../price-lists/price-lists.module';
import { SelectionModule } from '../selection/selection.module';
import { ImportsController } from './imports.controller';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportTakeover } from './import-takeover.task';
import { ImportsService } from './imports.service';

@Module({
  imports: [PriceListsModule, SelectionModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportJobsRepository, ImportTakeover],
})
export class ImportsModule {}
