import { Inject, Injectable } from '@nestjs/common';
import { And, DataSource, LessThan, MoreThanOrEqual, type EntityManager } from 'typeorm';
import { Outbox } from '@omni/messaging';
import { HEADERS, type ValidationError } from '@omni/contracts';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
import { boundRejection, rejectedEvent, type IngestSource, type Rejection } from './rejection';
import { RejectionEntity } from './rejection.entity';

export type StoredRejection = {
  id: string;
  connectorId: string | null;
  source: IngestSource;
  eventId: string | null;
  type: string | null;
  errors: ValidationError[];
  /** The input as received, or the start of its JSON when `inputTruncated`. */
  input: unknown;
  inputTruncated: boolean;
  /** The whole input's size as JSON; null for rejections stored before it was recorded. */
  inputBytes: number | null;
  rejectedAt: string;
};

export type RejectionQuery = { connectorId?: string; from?: Date; to?: Date; limit: number };

/**
 * Rejections are stored (queryable) and published to ingest.rejected.v1 through the outbox,
 * both in the caller's transaction: a rejection is never half-recorded. Both carry the same
 * bounded form (boundRejection), so no input makes either large.
 */
@Injectable()
export class RejectionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {}

  /**
   * One hand-written statement for all of a group commit's rejections (docs/adr/0011): it runs
   * inside the commit that every accepted request of the group waits for, so it stays a single
   * `INSERT … SELECT unnest(…)` with nine array parameters, whatever the number of rows.
   */
  async record(tx: EntityManager, rejections: Rejection[], rejectedAt: Date): Promise<void> {
    if (rejections.length === 0) return;
    const bounded = rejections.map(boundRejection);
    await tx.query(
      `INSERT INTO rejections (connector_id, source, event_id, event_type, errors, input, input_truncated, input_bytes, rejected_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::boolean[], $8::int[], $9::timestamptz[])`,
      [
        bounded.map((r) => r.connectorId),
        bounded.map((r) => r.source),
        bounded.map((r) => r.eventId ?? null),
        bounded.map((r) => r.type ?? null),
        bounded.map((r) => JSON.stringify(r.errors)),
        bounded.map((r) => JSON.stringify(r.input)),
        bounded.map((r) => r.inputTruncated),
        bounded.map((r) => r.inputBytes),
        bounded.map(() => rejectedAt.toISOString()),
      ],
    );
    await this.outbox.enqueueMany(
      tx,
      bounded.map((rejection) => ({
        topic: this.config.topics.rejected,
        key: rejection.connectorId ?? 'unknown-connector',
        value: rejectedEvent(rejection, rejectedAt),
        headers: { [HEADERS.eventType]: 'event.rejected', [HEADERS.eventVersion]: '1' },
      })),
    );
  }

  /** The newest rejections first, filtered by connector and a time range, as the admin API lists them. */
  async find(query: RejectionQuery): Promise<StoredRejection[]> {
    const rejectedAt = [
      ...(query.from ? [MoreThanOrEqual(query.from)] : []),
      ...(query.to ? [LessThan(query.to)] : []),
    ];
    const rows = await this.dataSource.getRepository(RejectionEntity).find({
      where: {
        ...(query.connectorId !== undefined && { connectorId: query.connectorId }),
        ...(rejectedAt.length > 0 && { rejectedAt: And(...rejectedAt) }),
      },
      order: { rejectedAt: 'DESC', id: 'DESC' },
      take: query.limit,
    });
    return rows.map((row) => ({
      id: String(row.id),
      connectorId: row.connectorId,
      source: row.source,
      eventId: row.eventId,
      type: row.eventType,
      errors: row.errors,
      input: row.input,
      inputTruncated: row.inputTruncated,
      inputBytes: row.inputBytes,
      rejectedAt: row.rejectedAt.toISOString(),
    }));
  }
}
