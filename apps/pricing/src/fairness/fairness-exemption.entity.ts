import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An explicit, audited policy that a baseline group's prices (e.g. a welcome price) are not the baseline. */
@Entity('fairness_exemptions')
export class FairnessExemptionPolicy {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'baseline_group' }) baselineGroup!: string;
  @Column('text', { nullable: true }) sku!: string | null;
  @Column('timestamptz', { name: 'valid_from', nullable: true }) validFrom!: Date | null;
  @Column('timestamptz', { name: 'valid_to', nullable: true }) validTo!: Date | null;
  @Column('text') actor!: string;
  @Column('text') reason!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
