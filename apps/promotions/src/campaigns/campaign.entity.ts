import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from '../database-columns';

export type CampaignStatus = 'draft' | 'approved' | 'live' | 'ended';

/** A campaign: where, when and how much; its promotions say what. */
@Entity('campaigns')
export class Campaign {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text', { array: true }) channels!: string[];
  @Column('text') currency!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt!: Date;
  @Column('bigint', { name: 'budget_amount', nullable: true, transformer: minorUnits })
  budgetAmount!: number | null;
  @Column('integer', { name: 'budget_redemptions', nullable: true }) budgetRedemptions!:
    number | null;
  @Column('bigint', { name: 'spent_amount', transformer: minorUnits }) spentAmount!: number;
  @Column('integer') redemptions!: number;
  @Column('boolean', { name: 'allow_below_floor' }) allowBelowFloor!: boolean;
  @Column('text') status!: CampaignStatus;
  @Column('text') author!: string;
  @Column('text', { name: 'approved_by', nullable: true }) approvedBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
