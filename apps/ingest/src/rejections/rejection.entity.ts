import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ValidationError } from '@omni/contracts';
import type { IngestSource } from './rejection';

/** A row of `rejections`: an input refused, why, and (bounded) what it was. */
@Entity('rejections')
export class RejectionEntity {
  /** bigserial: pg answers it as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('text', { name: 'connector_id', nullable: true })
  connectorId!: string | null;

  @Column('text')
  source!: IngestSource;

  @Column('text', { name: 'event_id', nullable: true })
  eventId!: string | null;

  @Column('text', { name: 'event_type', nullable: true })
  eventType!: string | null;

  @Column('jsonb')
  errors!: ValidationError[];

  @Column('jsonb', { nullable: true })
  input!: unknown;

  @Column('boolean', { name: 'input_truncated', default: false })
  inputTruncated!: boolean;

  @Column('integer', { name: 'input_bytes', nullable: true })
  inputBytes!: number | null;

  @Column('timestamptz', { name: 'rejected_at', default: () => 'now()' })
  rejectedAt!: Date;
}
