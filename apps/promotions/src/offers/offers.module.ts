import { Module } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { CouponsModule } from '../coupons/coupons.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { JourneyTriggersHandler } from './journey-triggers.consumer';
import { OffersController } from './offers.controller';
import { OffersRepository } from './offers.repository';
import { OffersService } from './offers.service';
import { SegmentOffersHandler } from './segment-offers.consumer';

/** Targeted offers answering crm's journeys and segment entries, with consent and sticky A/B variants. */
@Module({
  imports: [CampaignsModule, CouponsModule, ReadModelsModule],
  controllers: [OffersController],
  providers: [
    OffersRepository,
    OffersService,
    JourneyTriggersHandler,
    SegmentOffersHandler,
    AuditRepository,
  ],
  exports: [OffersRepository],
})
export class OffersModule {}
