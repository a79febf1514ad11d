import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change to a campaign: who, why, what. Append-only. */
@Entity('audit_entries')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('text') actor!: string;
  @Column('text') reason!: string;
  @Column('text') action!: string;
  @Column('text') subject!: string;
  @Column('jsonb') details!: object;
}
