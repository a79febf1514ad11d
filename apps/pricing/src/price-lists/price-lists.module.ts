import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HistoryModule } from '../history/history.module';
import { RulesModule } from '../rules/rules.module';
import { PriceListsController } from './price-lists.controller';
import { PriceListsRepository } from './price-lists.repository';
import { PriceListsService } from './price-lists.service';

@Module({
  imports: [AuditModule, HistoryModule, RulesModule],
  controllers: [PriceListsController],
  providers: [PriceListsService, PriceListsRepository],
  exports: [PriceListsService],
})
export class PriceListsModule {}
