import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from '../database-columns';
import type { QuantityTier } from '../selection/price-candidate';

/** A price of a list: amount in minor units, optional scope and window, optional quantity tiers. */
@Entity('prices')
export class Price {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'price_list_id' }) priceListId!: string;
  @Column('text') sku!: string;
  @Column('text') currency!: string;
  @Column('bigint', { transformer: minorUnits }) amount!: number;
  @Column('text', { nullable: true }) channel!: string | null;
  @Column('text', { name: 'customer_group', nullable: true }) customerGroup!: string | null;
  @Column('text', { nullable: true }) country!: string | null;
  @Column('timestamptz', { name: 'valid_from', nullable: true }) validFrom!: Date | null;
  @Column('timestamptz', { name: 'valid_to', nullable: true }) validTo!: Date | null;
  @Column('jsonb', { name: 'quantity_tiers' }) quantityTiers!: QuantityTier[];
}
