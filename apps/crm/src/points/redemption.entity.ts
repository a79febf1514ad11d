import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A redemption under its Idempotency-Key, with the lots that paid it. */
@Entity('point_redemptions')
export class RedemptionEntity {
  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ name: 'redemption_id', type: 'text' })
  redemptionId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'integer' })
  points!: number;

  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Column({ type: 'jsonb' })
  allocations!: { lotId: string; points: number }[];

  @Column({ name: 'balance_after', type: 'integer' })
  balanceAfter!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
