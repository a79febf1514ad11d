import type { Tier } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TierActivity } from './tier-rules';

/** One audited tier change, with the figures it was decided on. */
@Entity('tier_changes')
export class TierChangeEntity {
  @PrimaryColumn({ name: 'change_id', type: 'text' })
  changeId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'previous_tier', type: 'text', nullable: true })
  previousTier!: Tier | null;

  @Column({ type: 'text' })
  tier!: Tier;

  @Column({ type: 'text' })
  reason!: 'qualifying-activity' | 'assessment' | 'manual';

  @Column({ type: 'jsonb' })
  assessment!: TierActivity & { score: number };

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** Insertion order. */
  @Column({ type: 'bigint', insert: false, update: false, select: false })
  seq!: string;
}
