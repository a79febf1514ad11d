import { Body, Inject, Param, Query } from '@nestjs/common';
import {
  createZodDto,
  AdminController,
  Actor,
  Endpoint,
  changeOf,
  ChangeDto,
  type EndpointDoc,
} from '@omni/platform';
import { z } from 'zod';
import type { RuleRegistry } from '../engine';
import { CampaignsService } from './campaigns.service';
import {
  AddPromotionDto,
  ApprovedCampaignDto,
  AuditEntryDto,
  CampaignDto,
  CampaignIdParamsDto,
  CreateCampaignDto,
  RuleCatalogDto,
} from './dto/campaign.dto';
import { RULE_REGISTRY } from './rule-registry.provider';

class ListQueryDto extends createZodDto(
  z.strictObject({ status: z.enum(['draft', 'approved', 'live', 'ended']).optional() }),
) {}

/** What a status transition answers: the campaign after it, or why it could not happen. */
const TRANSITION = {
  answer: CampaignDto,
  status: 200,
  errors: { 409: 'invalid_transition', 404: 'campaign_not_found' },
} satisfies EndpointDoc;

@AdminController('v1', 'campaigns', { 400: 'invalid_request: details.issues names each field' })
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    @Inject(RULE_REGISTRY) private readonly registry: RuleRegistry,
  ) {}

  @Endpoint('GET promotion-rules', {
    summary: 'The registered conditions and actions promotions are built from',
    answer: RuleCatalogDto,
  })
  rules(): RuleCatalogDto {
    return this.registry.describe();
  }

  @Endpoint('POST campaigns', {
    summary: 'Create a draft campaign; its author cannot approve it',
    answer: CampaignDto,
  })
  create(@Body() body: CreateCampaignDto, @Actor() actor?: string): Promise<CampaignDto> {
    return this.campaigns.create(body, changeOf(body, actor));
  }

  @Endpoint('GET campaigns', {
    summary: 'Campaigns, newest first (at most 500), optionally in one status',
    answer: [CampaignDto],
  })
  list(@Query() query: ListQueryDto): Promise<CampaignDto[]> {
    return this.campaigns.list(query.status);
  }

  @Endpoint('GET campaigns/:campaignId', {
    summary: 'A campaign with its promotions and budget use',
    answer: CampaignDto,
    errors: { 404: 'campaign_not_found' },
  })
  get(@Param() { campaignId }: CampaignIdParamsDto): Promise<CampaignDto> {
    return this.campaigns.get(campaignId);
  }

  @Endpoint('POST campaigns/:campaignId/promotions', {
    summary: 'Add a promotion (registered conditions and actions with valid arguments) to a draft',
    answer: CampaignDto,
    errors: { 404: 'campaign_not_found', 409: 'campaign_not_draft' },
  })
  addPromotion(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: AddPromotionDto,
    @Actor() actor?: string,
  ): Promise<CampaignDto> {
    return this.campaigns.addPromotion(campaignId, body, changeOf(body, actor));
  }

  @Endpoint('POST campaigns/:campaignId/approve', {
    summary: 'draft → approved, by someone other than the author; returns overlap warnings',
    answer: ApprovedCampaignDto,
    status: 200,
    errors: {
      403: 'approver_is_author',
      409: 'invalid_transition, campaign_empty',
      404: 'campaign_not_found',
    },
  })
  approve(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: ChangeDto,
    @Actor() actor?: string,
  ): Promise<ApprovedCampaignDto> {
    return this.campaigns.approve(campaignId, changeOf(body, actor));
  }

  @Endpoint('POST campaigns/:campaignId/launch', {
    summary: 'approved → live: its promotions join quotes inside its window',
    ...TRANSITION,
  })
  launch(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: ChangeDto,
    @Actor() actor?: string,
  ): Promise<CampaignDto> {
    return this.campaigns.launch(campaignId, changeOf(body, actor));
  }

  @Endpoint('POST campaigns/:campaignId/end', {
    summary: 'approved or live → ended',
    ...TRANSITION,
  })
  end(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: ChangeDto,
    @Actor() actor?: string,
  ): Promise<CampaignDto> {
    return this.campaigns.end(campaignId, changeOf(body, actor));
  }

  @Endpoint('GET campaigns/:campaignId/audit', {
    summary: "A campaign's audit trail, oldest first",
    answer: [AuditEntryDto],
    errors: { 404: 'campaign_not_found' },
  })
  audit(@Param() { campaignId }: CampaignIdParamsDto): Promise<AuditEntryDto[]> {
    return this.campaigns.auditOf(campaignId);
  }
}
