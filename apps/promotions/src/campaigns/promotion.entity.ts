import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RuleRef } from '../engine';

/** A promotion of a campaign: registered conditions and actions with their arguments. */
@Entity('promotions')
export class PromotionRow {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'campaign_id' }) campaignId!: string;
  @Column('text') name!: string;
  @Column('integer') priority!: number;
  @Column('jsonb') conditions!: RuleRef[];
  @Column('jsonb') actions!: RuleRef[];
  @Column('boolean', { name: 'stops_further' }) stopsFurther!: boolean;
  @Column('text', { name: 'exclusive_group', nullable: true }) exclusiveGroup!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
