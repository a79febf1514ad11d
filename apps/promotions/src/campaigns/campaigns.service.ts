import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { transactionAtNow } from '@omni/database';
import { ApiError } from '@omni/platform';
import { DataSource } from 'typeorm';
import { AuditRepository, type Change } from '../audit/audit.repository';
import type { RuleRegistry } from '../engine';
import type { Campaign, CampaignStatus } from './campaign.entity';
import { CampaignsRepository, type CampaignWithPromotions } from './campaigns.repository';
import type {
  AddPromotion,
  ApprovedCampaignDto,
  AuditEntryDto,
  CampaignDto,
  CreateCampaign,
} from './dto/campaign.dto';
import { overlapWarnings, type CampaignFootprint } from './overlap';
import type { PromotionRow } from './promotion.entity';
import { RULE_REGISTRY } from './rule-registry.provider';

export function campaignView({ campaign, promotions }: CampaignWithPromotions): CampaignDto {
  return {
    id: campaign.id,
    name: campaign.name,
    channels: campaign.channels,
    currency: campaign.currency,
    timeZone: campaign.timeZone,
    startsAt: campaign.startsAt.toISOString(),
    endsAt: campaign.endsAt.toISOString(),
    budget: {
      amount: campaign.budgetAmount,
      redemptions: campaign.budgetRedemptions,
      spentAmount: campaign.spentAmount,
      redeemed: campaign.redemptions,
    },
    allowBelowFloor: campaign.allowBelowFloor,
    status: campaign.status,
    author: campaign.author,
    approvedBy: campaign.approvedBy,
    promotions: promotions.map((promotion) => ({
      id: promotion.id,
      campaignId: promotion.campaignId,
      name: promotion.name,
      priority: promotion.priority,
      conditions: promotion.conditions.map((ref) => ({
        code: ref.code,
        args: ref.args as Record<string, unknown>,
      })),
      actions: promotion.actions.map((ref) => ({
        code: ref.code,
        args: ref.args as Record<string, unknown>,
      })),
      stopsFurtherPromotions: promotion.stopsFurther,
      exclusiveGroup: promotion.exclusiveGroup,
      ...(promotion.unitCap === null
        ? {}
        : { flashUnits: { cap: promotion.unitCap, sold: promotion.unitsSold } }),
    })),
  };
}

const footprint = ({ campaign, promotions }: CampaignWithPromotions): CampaignFootprint => ({
  id: campaign.id,
  name: campaign.name,
  channels: campaign.channels,
  currency: campaign.currency,
  startsAt: campaign.startsAt,
  endsAt: campaign.endsAt,
  promotions,
});

/** The campaign workflow draft → approved → live → ended, each step audited in its transaction. */
@Injectable()
export class CampaignsService {
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly audit: AuditRepository,
    @Inject(RULE_REGISTRY) private readonly registry: RuleRegistry,
  ) {}

  /** Called after any change to what is live, so this process's quote cache reloads at once. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async create(request: CreateCampaign, change: Change): Promise<CampaignDto> {
    const now = new Date();
    const campaign: Campaign = {
      id: `cmp_${randomUUID()}`,
      name: request.name,
      channels: [...new Set(request.channels)].sort(),
      currency: request.currency,
      timeZone: request.timeZone,
      startsAt: request.startsAt,
      endsAt: request.endsAt,
      budgetAmount: request.budget?.amount ?? null,
      budgetRedemptions: request.budget?.redemptions ?? null,
      spentAmount: 0,
      redemptions: 0,
      allowBelowFloor: request.allowBelowFloor,
      status: 'draft',
      author: change.actor,
      approvedBy: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.dataSource.transaction(async (tx) => {
      await this.campaigns.insert(tx, campaign);
      await this.audit.record(
        tx,
        change,
        'campaign.created',
        subjectOf(campaign.id),
        campaignView({ campaign, promotions: [] }),
        now,
      );
    });
    return campaignView({ campaign, promotions: [] });
  }

  async get(id: string): Promise<CampaignDto> {
    return campaignView(await this.found(id));
  }

  async list(status: CampaignStatus | undefined): Promise<CampaignDto[]> {
    return (await this.campaigns.list(status)).map(campaignView);
  }

  async addPromotion(
    campaignId: string,
    request: AddPromotion,
    change: Change,
  ): Promise<CampaignDto> {
    const problems = this.registry.check(request);
    if (problems.length > 0)
      throw new ApiError(
        400,
        'invalid_request',
        problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '),
        {
          details: { issues: problems },
        },
      );
    const flash = request.actions.filter((ref) => ref.code === 'flash-price');
    if (flash.length > 1)
      throw new ApiError(
        400,
        'invalid_request',
        'actions: a promotion has at most one flash-price action (its unit cap is the promotion’s)',
      );
    await transactionAtNow(this.dataSource, async (tx, now) => {
      const campaign = await this.campaigns.lock(tx, campaignId);
      if (campaign === undefined) throw notFound(campaignId);
      if (campaign.status !== 'draft')
        throw new ApiError(
          409,
          'campaign_not_draft',
          `campaign ${campaignId} is ${campaign.status}: promotions are added to drafts only`,
        );
      const promotion: PromotionRow = {
        id: `prm_${randomUUID()}`,
        campaignId,
        name: request.name,
        priority: request.priority,
        conditions: request.conditions.map((ref) => ({ code: ref.code, args: ref.args })),
        actions: request.actions.map((ref) => ({ code: ref.code, args: ref.args })),
        stopsFurther: request.stopsFurtherPromotions,
        exclusiveGroup: request.exclusiveGroup ?? null,
        unitCap: flash.length === 0 ? null : (flash[0]!.args as { unitCap: number }).unitCap,
        unitsSold: 0,
        createdAt: now,
      };
      await this.campaigns.insertPromotion(tx, promotion);
      await this.audit.record(
        tx,
        change,
        'promotion.added',
        subjectOf(campaignId),
        { promotion },
        now,
      );
    });
    return this.get(campaignId);
  }

  /** draft → approved by someone other than the author; overlaps are warnings, recorded in the audit. */
  async approve(id: string, change: Change): Promise<ApprovedCampaignDto> {
    const warnings = await transactionAtNow(this.dataSource, async (tx, now) => {
      const campaign = await this.campaigns.lock(tx, id);
      if (campaign === undefined) throw notFound(id);
      if (campaign.status !== 'draft') throw invalidTransition(campaign, 'approved');
      if (campaign.author === change.actor)
        throw new ApiError(
          403,
          'approver_is_author',
          `${change.actor} wrote campaign ${id}; someone else must approve it`,
        );
      const current = await this.campaigns.find(id, tx);
      if (current === undefined || current.promotions.length === 0)
        throw new ApiError(409, 'campaign_empty', `campaign ${id} has no promotions to approve`);
      const others = await this.campaigns.inStatuses(['approved', 'live'], tx);
      const found = overlapWarnings(footprint(current), others.map(footprint));
      await this.campaigns.transition(
        tx,
        id,
        ['draft'],
        'approved',
        { approvedBy: change.actor },
        now,
      );
      await this.audit.record(
        tx,
        change,
        'campaign.approved',
        subjectOf(id),
        { warnings: found },
        now,
      );
      return found;
    });
    return { ...(await this.get(id)), warnings };
  }

  launch(id: string, change: Change): Promise<CampaignDto> {
    return this.move(id, ['approved'], 'live', 'campaign.launched', change);
  }

  end(id: string, change: Change): Promise<CampaignDto> {
    return this.move(id, ['approved', 'live'], 'ended', 'campaign.ended', change);
  }

  async auditOf(id: string): Promise<AuditEntryDto[]> {
    await this.found(id);
    return (await this.audit.forSubject(subjectOf(id))).map((entry) => ({
      recordedAt: entry.recordedAt.toISOString(),
      actor: entry.actor,
      reason: entry.reason,
      action: entry.action,
      details: entry.details,
    }));
  }

  private async move(
    id: string,
    from: CampaignStatus[],
    to: CampaignStatus,
    action: string,
    change: Change,
  ): Promise<CampaignDto> {
    await transactionAtNow(this.dataSource, async (tx, now) => {
      const moved = await this.campaigns.transition(tx, id, from, to, {}, now);
      if (!moved) {
        const campaign = await this.campaigns.lock(tx, id);
        if (campaign === undefined) throw notFound(id);
        throw invalidTransition(campaign, to);
      }
      await this.audit.record(tx, change, action, subjectOf(id), { from, to }, now);
    });
    this.listeners.forEach((listener) => listener());
    return this.get(id);
  }

  private async found(id: string): Promise<CampaignWithPromotions> {
    const found = await this.campaigns.find(id);
    if (found === undefined) throw notFound(id);
    return found;
  }
}

const subjectOf = (id: string) => `campaign:${id}`;

const notFound = (id: string) => new ApiError(404, 'campaign_not_found', `no campaign ${id}`);

const invalidTransition = (campaign: Campaign, to: CampaignStatus) =>
  new ApiError(
    409,
    'invalid_transition',
    `campaign ${campaign.id} is ${campaign.status}; it cannot become ${to}`,
  );
