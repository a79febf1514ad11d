import { Module } from '@nestjs/common';
import { CatalogReadYourWrites } from './catalog-read-your-writes.hook';
import { FairnessModule } from '../fairness/fairness.module';
import { HistoryModule } from '../history/history.module';
import { CatalogRepository } from './catalog.repository';
import { PriceCatalog } from './price-catalog.service';
import { SelectionController } from './selection.controller';
import { SelectionRepository } from './selection.repository';
import { SelectionService } from './selection.service';

@Module({
  imports: [HistoryModule, FairnessModule],
  controllers: [SelectionController],
  providers: [
    SelectionService,
    SelectionRepository,
    CatalogRepository,
    PriceCatalog,
    CatalogReadYourWrites,
  ],
  exports: [PriceCatalog, SelectionService],
})
export class SelectionModule {}
