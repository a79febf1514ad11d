import type { Tier } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer crm knows: its tier and the last profile change applied to it. */
@Entity('customers')
export class CustomerEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  tier!: Tier;

  @Column({ name: 'tier_since', type: 'timestamptz' })
  tierSince!: Date;

  /** The last profile.merged / profile.split version applied, and the split's part. */
  @Column({ name: 'profile_version', type: 'integer' })
  profileVersion!: number;

  @Column({ name: 'profile_part', type: 'integer' })
  profilePart!: number;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

/** An erased customerId: a late event of it attaches to nothing. */
@Entity('erased_customers')
export class ErasedCustomerEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'erased_at', type: 'timestamptz', insert: false, update: false })
  erasedAt!: Date;
}
