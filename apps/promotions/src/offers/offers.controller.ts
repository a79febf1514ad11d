import { Body, Get, Headers, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  createZodDto,
  idText,
  AdminController,
  ApiErrors,
  ACTOR_HEADER,
  actorOf,
} from '@omni/platform';
import { z } from 'zod';
import { CampaignIdParamsDto } from '../campaigns/dto/campaign.dto';
import { CreateOfferRuleDto, OfferDto, OfferRuleDto } from './dto/offer-rule.dto';
import { OffersService } from './offers.service';

class CustomerParamsDto extends createZodDto(z.strictObject({ customerId: idText(128) })) {}

@AdminController('v1', 'offers', { 400: 'invalid_request' })
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post('campaigns/:campaignId/offer-rules')
  @ApiOperation({
    summary:
      "Offer a draft campaign's coupon to customers whose crm journey step matches, split into A/B variants by stable hash",
  })
  @ApiCreatedResponse({ type: OfferRuleDto })
  @ApiErrors({ 404: 'campaign_not_found', 409: 'campaign_not_draft' })
  create(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: CreateOfferRuleDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<OfferRuleDto> {
    return this.offers.createRule(campaignId, body, {
      actor: actorOf(body.actor, actor),
      reason: body.reason,
    });
  }

  @Get('campaigns/:campaignId/offer-rules')
  @ApiOperation({ summary: "A campaign's offer rules" })
  @ApiOkResponse({ type: [OfferRuleDto] })
  rules(@Param() { campaignId }: CampaignIdParamsDto): Promise<OfferRuleDto[]> {
    return this.offers.rulesOf(campaignId);
  }

  @Get('customers/:customerId/offers')
  @ApiOperation({ summary: 'Offers issued to a customer' })
  @ApiOkResponse({ type: [OfferDto] })
  ofCustomer(@Param() { customerId }: CustomerParamsDto): Promise<OfferDto[]> {
    return this.offers.offersOf(customerId);
  }
}
