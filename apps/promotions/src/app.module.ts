import { Module } from '@nestjs/common';
import { ServicePlatformModule } from '@omni/platform';
import { CampaignsModule } from './campaigns/campaigns.module';
import { CouponsModule } from './coupons/coupons.module';
import { entities } from './entities';
import { IdentityChangesModule } from './identity-changes/identity-changes.module';
import { OffersModule } from './offers/offers.module';
import { QuotesModule } from './quotes/quotes.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { RedemptionsModule } from './redemptions/redemptions.module';
import { service } from './service';

@Module({
  imports: [
    ServicePlatformModule.forRoot({ service, entities }),
    CampaignsModule,
    CouponsModule,
    ReadModelsModule,
    QuotesModule,
    RedemptionsModule,
    OffersModule,
    IdentityChangesModule,
  ],
})
export class AppModule {}
