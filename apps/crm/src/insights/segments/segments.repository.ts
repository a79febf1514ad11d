import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SegmentRule } from './segment-rule';

export type Segment = {
  segmentId: string;
  name: string;
  rule: SegmentRule;
  createdBy: string;
  createdAt: Date;
};

type SegmentRow = {
  segment_id: string;
  name: string;
  rule: SegmentRule;
  created_by: string;
  created_at: Date;
};

const toSegment = (row: SegmentRow): Segment => ({
  segmentId: row.segment_id,
  name: row.name,
  rule: row.rule,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/** Segments and their members; writes run in the caller's transaction. */
@Injectable()
export class SegmentsRepository {
  /** False when the name is taken. */
  async insert(tx: EntityManager, segment: Omit<Segment, 'createdAt'>): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO segments (segment_id, name, rule, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO NOTHING RETURNING 1`,
      [segment.segmentId, segment.name, JSON.stringify(segment.rule), segment.createdBy],
    );
    return rows.length > 0;
  }

  async all(manager: EntityManager): Promise<Segment[]> {
    const rows: SegmentRow[] = await manager.query(
      `SELECT segment_id, name, rule, created_by, created_at FROM segments ORDER BY created_at, segment_id`,
    );
    return rows.map(toSegment);
  }

  async byId(manager: EntityManager, segmentId: string): Promise<Segment | undefined> {
    const rows: SegmentRow[] = await manager.query(
      `SELECT segment_id, name, rule, created_by, created_at FROM segments WHERE segment_id = $1`,
      [segmentId],
    );
    return rows[0] && toSegment(rows[0]);
  }

  async memberCount(manager: EntityManager, segmentId: string): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM segment_members WHERE segment_id = $1`,
      [segmentId],
    );
    return rows[0].n;
  }

  /** Memberships of these customers, as segmentId → customerIds. */
  async membershipsOf(
    manager: EntityManager,
    customerIds: readonly string[],
  ): Promise<{ segmentId: string; customerId: string; joinedAt: Date }[]> {
    const rows: { segment_id: string; customer_id: string; joined_at: Date }[] =
      await manager.query(
        `SELECT segment_id, customer_id, joined_at FROM segment_members
       WHERE customer_id = ANY($1::text[]) ORDER BY joined_at, segment_id`,
        [customerIds],
      );
    return rows.map((row) => ({
      segmentId: row.segment_id,
      customerId: row.customer_id,
      joinedAt: row.joined_at,
    }));
  }

  async join(
    tx: EntityManager,
    members: readonly { segmentId: string; customerId: string }[],
    at: Date,
  ): Promise<void> {
    if (members.length === 0) return;
    await tx.query(
      `INSERT INTO segment_members (segment_id, customer_id, joined_at)
       SELECT s, c, $3 FROM unnest($1::text[], $2::text[]) AS m(s, c)
       ON CONFLICT DO NOTHING`,
      [members.map((m) => m.segmentId), members.map((m) => m.customerId), at.toISOString()],
    );
  }

  async leave(
    tx: EntityManager,
    members: readonly { segmentId: string; customerId: string }[],
  ): Promise<void> {
    if (members.length === 0) return;
    await tx.query(
      `DELETE FROM segment_members m USING unnest($1::text[], $2::text[]) AS l(s, c)
       WHERE m.segment_id = l.s AND m.customer_id = l.c`,
      [members.map((m) => m.segmentId), members.map((m) => m.customerId)],
    );
  }

  /** One page of members, by customer id after `after`. */
  async members(
    manager: EntityManager,
    segmentId: string,
    after: string,
    limit: number,
  ): Promise<{ customerId: string; joinedAt: Date }[]> {
    const rows: { customer_id: string; joined_at: Date }[] = await manager.query(
      `SELECT customer_id, joined_at FROM segment_members
       WHERE segment_id = $1 AND customer_id > $2 ORDER BY customer_id LIMIT $3`,
      [segmentId, after, limit],
    );
    return rows.map((row) => ({ customerId: row.customer_id, joinedAt: row.joined_at }));
  }
}
