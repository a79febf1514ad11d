import { Body, Param } from '@nestjs/common';
import { AdminController, Actor, Endpoint, changeOf, CustomerIdParamsDto } from '@omni/platform';
import { CampaignIdParamsDto } from '../campaigns/dto/campaign.dto';
import { CreateOfferRuleDto, OfferDto, OfferRuleDto } from './dto/offer-rule.dto';
import { OffersService } from './offers.service';

@AdminController('v1', 'offers', { 400: 'invalid_request' })
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Endpoint('POST campaigns/:campaignId/offer-rules', {
    summary:
      "Offer a draft campaign's coupon to customers whose crm journey step matches, split into A/B variants by stable hash",
    answer: OfferRuleDto,
    errors: { 404: 'campaign_not_found', 409: 'campaign_not_draft' },
  })
  create(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: CreateOfferRuleDto,
    @Actor() actor?: string,
  ): Promise<OfferRuleDto> {
    return this.offers.createRule(campaignId, body, changeOf(body, actor));
  }

  @Endpoint('GET campaigns/:campaignId/offer-rules', {
    summary: "A campaign's offer rules",
    answer: [OfferRuleDto],
  })
  rules(@Param() { campaignId }: CampaignIdParamsDto): Promise<OfferRuleDto[]> {
    return this.offers.rulesOf(campaignId);
  }

  @Endpoint('GET customers/:customerId/offers', {
    summary: 'Offers issued to a customer',
    answer: [OfferDto],
  })
  ofCustomer(@Param() { customerId }: CustomerIdParamsDto): Promise<OfferDto[]> {
    return this.offers.offersOf(customerId);
  }
}
