import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RowError } from './price-rows';

export type ImportStatus = 'running' | 'completed' | 'failed';

/** One import of prices into a draft list: polled for progress, errors and outcome. */
@Entity('import_jobs')
export class ImportJob {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'price_list_id' }) priceListId!: string;
  @Column('text') format!: 'csv' | 'json';
  @Column('text') status!: ImportStatus;
  @Column('boolean') publish!: boolean;
  @Column('integer', { name: 'total_rows' }) totalRows!: number;
  @Column('integer', { name: 'processed_rows' }) processedRows!: number;
  @Column('integer', { name: 'error_count' }) errorCount!: number;
  @Column('jsonb') errors!: RowError[];
  @Column('jsonb', { nullable: true }) failure!: {
    code: string;
    message: string;
    details?: object;
  } | null;
  @Column('text') actor!: string;
  @Column('text') reason!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  /** The CSV text or the JSON records as received, so another replica can run the job again. */
  @Column('text', { nullable: true, select: false }) input!: string | null;
  @Column('text', { name: 'lease_owner', nullable: true }) leaseOwner!: string | null;
  @Column('timestamptz', { name: 'lease_expires_at', nullable: true }) leaseExpiresAt!: Date | null;
  @Column('integer') attempts!: number;
}
