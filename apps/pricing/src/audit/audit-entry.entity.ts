import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change: who made it, why, and the subject before and after. Append-only. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') actor!: string;
  @Column('text') reason!: string;
  @Column('text') action!: string;
  @Column('text') subject!: string;
  @Column('text', { nullable: true }) sku!: string | null;
  @Column('jsonb', { nullable: true }) before!: object | null;
  @Column('jsonb', { nullable: true }) after!: object | null;
}
