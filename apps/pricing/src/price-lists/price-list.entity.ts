import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PriceListStatus = 'draft' | 'published' | 'archived';

@Entity('price_lists')
export class PriceList {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') status!: PriceListStatus;
  @Column('timestamptz', { name: 'valid_from', nullable: true }) validFrom!: Date | null;
  @Column('timestamptz', { name: 'valid_to', nullable: true }) validTo!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('timestamptz', { name: 'archived_at', nullable: true }) archivedAt!: Date | null;
}
