import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

// Minor units fit a JavaScript number; pg hands bigint back as text.
const bigintNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** What crm keeps of one resolved event of a customer, under the event's key (eventDedupeKey). */
@Entity('customer_facts')
export class CustomerFactEntity {
  @PrimaryColumn({ name: 'event_key', type: 'text' })
  eventKey!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'order_id', type: 'text', nullable: true })
  orderId!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  amount!: number | null;

  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, unknown> | null;
}
