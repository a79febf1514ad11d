import { Module } from '@nestjs/common';
import { ServicePlatformModule } from '@omni/platform';
import { AuditModule } from './audit/audit.module';
import { entities } from './entities';
import { FairnessModule } from './fairness/fairness.module';
import { PricingBodyParsers } from './http/body-parsers';
import { ImportsModule } from './imports/imports.module';
import { PriceListsModule } from './price-lists/price-lists.module';
import { RulesModule } from './rules/rules.module';
import { SelectionModule } from './selection/selection.module';
import { service } from './service';
import { SkusModule } from './skus/skus.module';

@Module({
  imports: [
    ServicePlatformModule.forRoot({ service, entities }),
    AuditModule,
    SkusModule,
    PriceListsModule,
    SelectionModule,
    FairnessModule,
    RulesModule,
    ImportsModule,
  ],
  providers: [PricingBodyParsers],
})
export class AppModule {}
