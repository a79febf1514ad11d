import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A rule attached to a SKU (and optionally one channel) with its typed arguments. */
@Entity('pricing_rules')
export class PricingRuleEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') sku!: string;
  @Column('text') rule!: string;
  @Column('jsonb') args!: object;
  @Column('text', { nullable: true }) channel!: string | null;
  @Column('integer') priority!: number;
  @Column('boolean') enabled!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
