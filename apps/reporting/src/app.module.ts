import { Module } from '@nestjs/common';
import { ServicePlatformModule } from '@omni/platform';
import { AlertsModule } from './alerts/alerts.module';
import { ChannelDecisionsModule } from './channel-decisions/channel-decisions.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ExportModule } from './export/export.module';
import { ReportTablesModule } from './tables/report-tables.module';
import { AttributionModule } from './attribution/attribution.module';
import { FunnelsModule } from './funnels/funnels.module';
import { RetentionModule } from './retention/retention.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { FactsModule } from './facts/facts.module';
import { IdentityChangesModule } from './identity-changes/identity-changes.module';
import { InventoryModule } from './inventory/inventory.module';
import { KpisModule } from './kpis/kpis.module';
import { PricingFeedModule } from './pricing-feed/pricing-feed.module';
import { PromotionsFeedModule } from './promotions-feed/promotions-feed.module';
import { ReviewAlertsModule } from './review-alerts/review-alerts.module';
import { service } from './service';

@Module({
  imports: [
    ServicePlatformModule.forRoot({ service }),
    FactsModule,
    IdentityChangesModule,
    KpisModule,
    AttributionModule,
    FunnelsModule,
    RetentionModule,
    ExperimentsModule,
    AlertsModule,
    ChannelDecisionsModule,
    InventoryModule,
    ExportModule,
    ReportTablesModule,
    DashboardModule,
    PromotionsFeedModule,
    PricingFeedModule,
    ReviewAlertsModule,
  ],
})
export class AppModule {}
