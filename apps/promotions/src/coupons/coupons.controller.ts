import { Body, Get, Headers, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController, ApiErrors, ACTOR_HEADER, actorOf } from '@omni/platform';
import { CampaignIdParamsDto } from '../campaigns/dto/campaign.dto';
import { CouponsService } from './coupons.service';
import {
  CodeParamsDto,
  CouponBatchDto,
  CouponDto,
  CreateCouponBatchDto,
  CreateSharedCouponDto,
} from './dto/coupon.dto';

@AdminController('v1', 'coupons', { 400: 'invalid_request' })
export class CouponsController {
  constructor(private readonly coupons: CouponsService) {}

  @Post('campaigns/:campaignId/coupons')
  @ApiOperation({ summary: 'A shared code with total and per-customer limits and validity' })
  @ApiCreatedResponse({ type: CouponDto })
  @ApiErrors({ 404: 'campaign_not_found', 409: 'coupon_exists, campaign_ended' })
  createShared(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: CreateSharedCouponDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<CouponDto> {
    return this.coupons.createShared(campaignId, body, {
      actor: actorOf(body.actor, actor),
      reason: body.reason,
    });
  }

  @Post('campaigns/:campaignId/coupon-batches')
  @ApiOperation({
    summary: 'Generate a batch of unique codes, anonymous or one per listed customer',
  })
  @ApiCreatedResponse({ type: CouponBatchDto })
  @ApiErrors({ 404: 'campaign_not_found', 409: 'campaign_ended' })
  createBatch(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: CreateCouponBatchDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<CouponBatchDto> {
    return this.coupons.createBatch(campaignId, body, {
      actor: actorOf(body.actor, actor),
      reason: body.reason,
    });
  }

  @Get('coupons/:code')
  @ApiOperation({ summary: 'A coupon with its uses' })
  @ApiOkResponse({ type: CouponDto })
  @ApiErrors({ 404: 'coupon_not_found' })
  get(@Param() { code }: CodeParamsDto): Promise<CouponDto> {
    return this.coupons.get(code);
  }
}
