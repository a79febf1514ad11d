import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RuleRef } from '../engine';

/** A promotion of a campaign: registered conditions and actions with their arguments. */
@Entity('promotions')
export class PromotionRow {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'campaign_id' }) campaignId!: string;
  @Column('integer') priority!: number;
  @Column('jsonb') conditions!: RuleRef[];
  @Column('jsonb') actions!: RuleRef[];
  @Column('boolean', { name: 'stops_further' }) stopsFurther!: boolean;
  @Column('text', { name: 'exclusive_group', nullable: true }) exclusiveGroup!: string | null;
  /** A flash price's unit cap (from its flash-price action); null without one. */
  @Column('integer', { name: 'unit_cap', nullable: true }) unitCap!: number | null;
  /** Units sold at the flash price by recorded orders (conditional updates keep it within the cap). */
  @Column('integer', { name: 'units_sold', default: 0 }) unitsSold!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
