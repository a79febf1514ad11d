import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Channel } from '@omni/contracts';
import type { ConnectorStatus } from './connector';

/** A row of `connectors`: a registered sender of events, with the scrypt hash of its one key. */
@Entity('connectors')
export class ConnectorEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { array: true })
  channels!: Channel[];

  @Column('text', { name: 'key_hash' })
  keyHash!: string;

  @Column('integer', { name: 'rate_limit_per_second' })
  rateLimitPerSecond!: number;

  @Column('integer')
  burst!: number;

  @Column('text', { default: 'active' })
  status!: ConnectorStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * A connector's token bucket (`rate_limit_buckets`), created full with the connector. The rate
 * limiter takes tokens with its own statement on every request (RateLimiter).
 */
@Entity('rate_limit_buckets')
export class RateLimitBucketEntity {
  @PrimaryColumn('text', { name: 'connector_id' })
  connectorId!: string;

  @Column('double precision')
  tokens!: number;

  @Column('timestamptz', { name: 'refilled_at', default: () => 'now()' })
  refilledAt!: Date;

  @Column('boolean', { default: true })
  granted!: boolean;
}
