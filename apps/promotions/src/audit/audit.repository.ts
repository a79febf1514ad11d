import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

export type Change = { actor: string; reason: string };

/** The append-only audit log, written in the transaction of the change it records. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    tx: EntityManager,
    change: Change,
    action: string,
    subject: string,
    details: object,
    at: Date,
  ) {
    await tx.insert(AuditEntry, {
      recordedAt: at,
      actor: change.actor,
      reason: change.reason,
      action,
      subject,
      details,
    });
  }

  forSubject(subject: string): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .find({ where: { subject }, order: { id: 'ASC' } });
  }
}
