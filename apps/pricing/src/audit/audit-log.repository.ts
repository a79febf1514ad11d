import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Change } from '@omni/platform';
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
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(tx: EntityManager, change: Change, records: readonly AuditRecord[], at: Date) {
    if (records.length === 0) return;
    // One JSON parameter per chunk: a rule batch audits thousands of results, and building a
    // multi-row INSERT with nine parameters a row cost more than the statement itself.
    const rows = records.map((record) => ({
      action: record.action,
      subject: record.subject,
      sku: record.sku ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
    }));
    for (let i = 0; i < rows.length; i += 5_000)
      await tx.query(
        `INSERT INTO audit_log (at, actor, reason, action, subject, sku, before, after)
         SELECT $1::timestamptz, $2::text, $3::text, r.action, r.subject, r.sku, r.before, r.after
         FROM json_to_recordset($4::json) AS r(action text, subject text, sku text, before jsonb, after jsonb)`,
        [at.toISOString(), change.actor, change.reason, JSON.stringify(rows.slice(i, i + 5_000))],
      );
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
