import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Campaign, type CampaignStatus } from './campaign.entity';
import { PromotionRow } from './promotion.entity';

export type CampaignWithPromotions = { campaign: Campaign; promotions: PromotionRow[] };

/** Campaigns and their promotions; status changes are conditional updates, so two racing requests cannot both win. */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, campaign: Campaign): Promise<void> {
    await tx.insert(Campaign, campaign);
  }

  async insertPromotion(tx: EntityManager, promotion: PromotionRow): Promise<void> {
    await tx.getRepository(PromotionRow).save(promotion);
  }

  async find(
    id: string,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<CampaignWithPromotions | undefined> {
    const campaign = await tx.findOneBy(Campaign, { id });
    if (campaign === null) return undefined;
    const promotions = await tx.find(PromotionRow, {
      where: { campaignId: id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { campaign, promotions };
  }

  /** Locks a campaign row for the rest of the transaction. */
  async lock(tx: EntityManager, id: string): Promise<Campaign | undefined> {
    return (
      (await tx.findOne(Campaign, { where: { id }, lock: { mode: 'pessimistic_write' } })) ??
      undefined
    );
  }

  async list(status: CampaignStatus | undefined): Promise<CampaignWithPromotions[]> {
    const campaigns = await this.dataSource.manager.find(Campaign, {
      where: status === undefined ? {} : { status },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
    return this.withPromotions(this.dataSource.manager, campaigns);
  }

  /** Campaigns in the given statuses with their promotions. */
  async inStatuses(
    statuses: CampaignStatus[],
    tx: EntityManager = this.dataSource.manager,
  ): Promise<CampaignWithPromotions[]> {
    const campaigns = await tx.find(Campaign, {
      where: { status: In(statuses) },
      order: { id: 'ASC' },
    });
    return this.withPromotions(tx, campaigns);
  }

  /** Moves a campaign from one of `from` to `to`; false when it was not in one of them. */
  async transition(
    tx: EntityManager,
    id: string,
    from: CampaignStatus[],
    to: CampaignStatus,
    fields: Partial<Pick<Campaign, 'approvedBy'>>,
    at: Date,
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(Campaign)
      .set({ status: to, updatedAt: at, ...fields })
      .where('id = :id AND status IN (:...from)', { id, from })
      .execute();
    return result.affected === 1;
  }

  private async withPromotions(
    tx: EntityManager,
    campaigns: Campaign[],
  ): Promise<CampaignWithPromotions[]> {
    if (campaigns.length === 0) return [];
    const promotions = await tx.find(PromotionRow, {
      where: { campaignId: In(campaigns.map((campaign) => campaign.id)) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return campaigns.map((campaign) => ({
      campaign,
      promotions: promotions.filter((promotion) => promotion.campaignId === campaign.id),
    }));
  }
}
