import { Module } from '@nestjs/common';
import { ServicePlatformModule } from '@omni/platform';
import { ConsentModule } from './consent/consent.module';
import { crmCoreEntities } from './customers/crm-core.entities';
import { CustomersModule } from './customers/customers.module';
import { ExportModule } from './export/export.module';
import { IdentityChangesModule } from './identity-changes/identity-changes.module';
import { InsightsModule } from './insights/insights.module';
import { JourneysModule } from './journeys/journeys.module';
import { service } from './service';

@Module({
  imports: [
    ServicePlatformModule.forRoot({ service, entities: [...crmCoreEntities] }),
    CustomersModule,
    IdentityChangesModule,
    ExportModule,
    ConsentModule,
    JourneysModule,
    InsightsModule,
  ],
})
export class AppModule {}
