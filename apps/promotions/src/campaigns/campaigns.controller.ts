import { Body, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { createZodDto, AdminController, ApiErrors, ACTOR_HEADER, actorOf } from '@omni/platform';
import { z } from 'zod';
import type { RuleRegistry } from '../engine';
import { CampaignsService } from './campaigns.service';
import {
  AddPromotionDto,
  ApprovedCampaignDto,
  AuditEntryDto,
  CampaignDto,
  CampaignIdParamsDto,
  ChangeDto,
  CreateCampaignDto,
  RuleCatalogDto,
} from './dto/campaign.dto';
import { RULE_REGISTRY } from './rule-registry.provider';

class ListQueryDto extends createZodDto(
  z.strictObject({ status: z.enum(['draft', 'approved', 'live', 'ended']).optional() }),
) {}

@AdminController('v1', 'campaigns', { 400: 'invalid_request: details.issues names each field' })
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    @Inject(RULE_REGISTRY) private readonly registry: RuleRegistry,
  ) {}

  @Get('promotion-rules')
  @ApiOperation({ summary: 'The registered conditions and actions promotions are built from' })
  @ApiOkResponse({ type: RuleCatalogDto })
  rules(): RuleCatalogDto {
    return this.registry.describe();
  }

  @Post('campaigns')
  @ApiOperation({ summary: 'Create a draft campaign; its author cannot approve it' })
  @ApiCreatedResponse({ type: CampaignDto })
  create(
    @Body() body: CreateCampaignDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<CampaignDto> {
    return this.campaigns.create(body, { actor: actorOf(body.actor, actor), reason: body.reason });
  }

  @Get('campaigns')
  @ApiOperation({ summary: 'Campaigns, newest first (at most 500), optionally in one status' })
  @ApiOkResponse({ type: [CampaignDto] })
  list(@Query() query: ListQueryDto): Promise<CampaignDto[]> {
    return this.campaigns.list(query.status);
  }

  @Get('campaigns/:campaignId')
  @ApiOperation({ summary: 'A campaign with its promotions and budget use' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors({ 404: 'campaign_not_found' })
  get(@Param() { campaignId }: CampaignIdParamsDto): Promise<CampaignDto> {
    return this.campaigns.get(campaignId);
  }

  @Post('campaigns/:campaignId/promotions')
  @ApiOperation({
    summary: 'Add a promotion (registered conditions and actions with valid arguments) to a draft',
  })
  @ApiCreatedResponse({ type: CampaignDto })
  @ApiErrors({ 404: 'campaign_not_found', 409: 'campaign_not_draft' })
  addPromotion(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: AddPromotionDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<CampaignDto> {
    return this.campaigns.addPromotion(campaignId, body, {
      actor: actorOf(body.actor, actor),
      reason: body.reason,
    });
  }

  @Post('campaigns/:campaignId/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'draft → approved, by someone other than the author; returns overlap warnings',
  })
  @ApiOkResponse({ type: ApprovedCampaignDto })
  @ApiErrors({
    403: 'approver_is_author',
    409: 'invalid_transition, campaign_empty',
    404: 'campaign_not_found',
  })
  approve(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: ChangeDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<ApprovedCampaignDto> {
    return this.campaigns.approve(campaignId, {
      actor: actorOf(body.actor, actor),
      reason: body.reason,
    });
  }

  @Post('campaigns/:campaignId/launch')
  @HttpCode(200)
  @ApiOperation({ summary: 'approved → live: its promotions join quotes inside its window' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors({ 409: 'invalid_transition', 404: 'campaign_not_found' })
  launch(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: ChangeDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<CampaignDto> {
    return this.campaigns.launch(campaignId, {
      actor: actorOf(body.actor, actor),
      reason: body.reason,
    });
  }

  @Post('campaigns/:campaignId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'approved or live → ended' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiErrors({ 409: 'invalid_transition', 404: 'campaign_not_found' })
  end(
    @Param() { campaignId }: CampaignIdParamsDto,
    @Body() body: ChangeDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<CampaignDto> {
    return this.campaigns.end(campaignId, {
      actor: actorOf(body.actor, actor),
      reason: body.reason,
    });
  }

  @Get('campaigns/:campaignId/audit')
  @ApiOperation({ summary: "A campaign's audit trail, oldest first" })
  @ApiOkResponse({ type: [AuditEntryDto] })
  @ApiErrors({ 404: 'campaign_not_found' })
  audit(@Param() { campaignId }: CampaignIdParamsDto): Promise<AuditEntryDto[]> {
    return this.campaigns.auditOf(campaignId);
  }
}
