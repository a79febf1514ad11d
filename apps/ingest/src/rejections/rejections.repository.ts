import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Outbox } from '@omni/messaging';
import { HEADERS, type ValidationError } from '@omni/contracts';
import { INGEST_CONFIG, type IngestConfig } from '../config/ingest-config';
import { rejectedEvent, storableJson, type IngestSource, type Rejection } from './rejection';

export type StoredRejection = {
  id: string;
  connectorId: string | null;
  source: IngestSource;
  eventId: string | null;
  type: string | null;
  errors: ValidationError[];
  input: unknown;
  rejectedAt: string;
};

type RejectionRow = {
  id: string;
  connector_id: string | null;
  source: IngestSource;
  event_id: string | null;
  event_type: string | null;
  errors: ValidationError[];
  input: unknown;
  rejected_at: Date;
};

export type RejectionQuery = { connectorId?: string; from?: Date; to?: Date; limit: number };

/**
 * Rejections are stored (queryable) and published to ingest.rejected.v1 through the outbox,
 * both in the caller's transaction: a rejection is never half-recorded.
 */
@Injectable()
export class RejectionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  async record(tx: EntityManager, rejections: Rejection[], rejectedAt: Date): Promise<void> {
    if (rejections.length === 0) return;
    await tx.query(
      `INSERT INTO rejections (connector_id, source, event_id, event_type, errors, input, rejected_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])`,
      [
        rejections.map((r) => r.connectorId),
        rejections.map((r) => r.source),
        rejections.map((r) =>
          r.eventId === undefined ? null : (storableJson(r.eventId) as string),
        ),
        rejections.map((r) => (r.type === undefined ? null : (storableJson(r.type) as string))),
        rejections.map((r) => JSON.stringify(storableJson(r.errors))),
        rejections.map((r) => JSON.stringify(storableJson(r.input ?? null))),
        rejections.map(() => rejectedAt.toISOString()),
      ],
    );
    await this.outbox.enqueueMany(
      tx,
      rejections.map((rejection) => ({
        topic: this.config.INGEST_REJECTED_TOPIC,
        key: rejection.connectorId ?? 'unknown-connector',
        value: rejectedEvent(rejection, rejectedAt),
        headers: { [HEADERS.eventType]: 'event.rejected', [HEADERS.eventVersion]: '1' },
      })),
    );
  }

  async find(query: RejectionQuery): Promise<StoredRejection[]> {
    const rows: RejectionRow[] = await this.dataSource.query(
      `SELECT id, connector_id, source, event_id, event_type, errors, input, rejected_at FROM rejections
       WHERE ($1::text IS NULL OR connector_id = $1)
         AND ($2::timestamptz IS NULL OR rejected_at >= $2)
         AND ($3::timestamptz IS NULL OR rejected_at < $3)
       ORDER BY rejected_at DESC, id DESC LIMIT $4`,
      [
        query.connectorId ?? null,
        query.from?.toISOString() ?? null,
        query.to?.toISOString() ?? null,
        query.limit,
      ],
    );
    return rows.map((row) => ({
      id: String(row.id),
      connectorId: row.connector_id,
      source: row.source,
      eventId: row.event_id,
      type: row.event_type,
      errors: row.errors,
      input: row.input,
      rejectedAt: row.rejected_at.toISOString(),
    }));
  }
}
