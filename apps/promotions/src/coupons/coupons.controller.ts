import { Body, Param } from '@nestjs/common';
import { AdminController, Actor, Endpoint, changeOf } from '@omni/platform';
import { CampaignIdParamsDto } from '../campaigns/dto/campaign.dto';
import { CouponsService } from './coupons.service';
import { CouponBatchDto, CreateCouponBatchDto } from './dto/coupon-batch.dto';
import { CodeParamsDto, CouponDto, CreateSharedCouponDto } from './dto/coupon.dto';

@AdminController('v1', 'coupons', { 400: 'invalid_request' })
export class CouponsController {
  constructor(private readonly coupons: CouponsService) {}

  @Endpoint('POST campaigns/:campaignId/coupons', {
    summary: 'A shared code with total and per-customer limits and validity',
    answer: CouponDto,
    errors: { 404: 'campaign_not_found', 409: 'coupon_exists, campaign_ended' },
  })
  createShared(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: CreateSharedCouponDto,
    @Actor() actor?: string,
  ): Promise<CouponDto> {
    return this.coupons.createShared(campaignId, body, changeOf(body, actor));
  }

  @Endpoint('POST campaigns/:campaignId/coupon-batches', {
    summary: 'Generate a batch of unique codes, anonymous or one per listed customer',
    answer: CouponBatchDto,
    errors: { 404: 'campaign_not_found', 409: 'campaign_ended' },
  })
  createBatch(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: CreateCouponBatchDto,
    @Actor() actor?: string,
  ): Promise<CouponBatchDto> {
    return this.coupons.createBatch(campaignId, body, changeOf(body, actor));
  }

  @Endpoint('GET coupons/:code', {
    summary: 'A coupon with its uses',
    answer: CouponDto,
    errors: { 404: 'coupon_not_found' },
  })
  get(@Param() { code }: CodeParamsDto): Promise<CouponDto> {
    return this.coupons.get(code);
  }
}
