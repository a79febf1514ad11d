import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Change } from '../http/change-request';
import { AuditEntry } from './audit-entry.entity';

export type AuditRecord = {
  action: string;
  subject: string;
  sku?: string | null;
  before?: unknown;
  after?: unknown;
};

/** The append-only audit log: written in the transaction of the change it records. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(tx: EntityManager, change: Change, records: readonly AuditRecord[], at: Date) {
    if (records.length === 0) return;
    const rows = records.map((record) => ({
      at,
      actor: change.actor,
      reason: change.reason,
      action: record.action,
      subject: record.subject,
      sku: record.sku ?? null,
      before: (record.before ?? null) as object | null,
      after: (record.after ?? null) as object | null,
    }));
    // Chunked: one INSERT of a 100,000-row list would exceed Postgres' parameter limit.
    for (let i = 0; i < rows.length; i += 5_000)
      await tx.insert(AuditEntry, rows.slice(i, i + 5_000));
  }

  find(query: { sku?: string; subject?: string; limit: number }): Promise<AuditEntry[]> {
    return this.dataSource.getRepository(AuditEntry).find({
      where: {
        ...(query.sku === undefined ? {} : { sku: query.sku }),
        ...(query.subject === undefined ? {} : { subject: query.subject }),
      },
      order: { id: 'DESC' },
      take: query.limit,
    });
  }
}
