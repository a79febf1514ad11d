import { Module } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { CouponsController } from './coupons.controller';
import { CouponsRepository } from './coupons.repository';
import { CouponsService } from './coupons.service';

/** Shared and unique coupon codes, their limits and race-free claims. */
@Module({
  imports: [CampaignsModule],
  controllers: [CouponsController],
  providers: [CouponsRepository, CouponsService, AuditRepository],
  exports: [CouponsRepository],
})
export class CouponsModule {}
