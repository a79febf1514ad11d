import { Injectable } from '@nestjs/common';
import { textArrayLiteral } from '@omni/database';
import type { EntityManager } from 'typeorm';
import { TierChangeEntity } from './tier-change.entity';

export type TierChange = Omit<TierChangeEntity, 'seq'>;

/** The audit of every tier change. */
@Injectable()
export class TierChangesRepository {
  async insert(tx: EntityManager, change: TierChange): Promise<void> {
    await tx.getRepository(TierChangeEntity).insert(change);
  }

  /** Many changes in one statement, audited in the order given. */
  async insertMany(tx: EntityManager, changes: readonly TierChange[]): Promise<void> {
    if (changes.length === 0) return;
    // unnest keeps the order given, so `seq` follows it; no RETURNING, nothing mapped back.
    await tx.query(
      `INSERT INTO tier_changes (change_id, customer_id, previous_tier, tier, reason, assessment,
                                 occurred_at)
       SELECT c.change_id, c.customer_id, c.previous_tier, c.tier, c.reason, c.assessment::jsonb,
              c.occurred_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                   $7::timestamptz[]) WITH ORDINALITY
            AS c(change_id, customer_id, previous_tier, tier, reason, assessment, occurred_at, n)
       ORDER BY c.n`,
      [
        textArrayLiteral(changes.map((c) => c.changeId)),
        textArrayLiteral(changes.map((c) => c.customerId)),
        textArrayLiteral(changes.map((c) => c.previousTier)),
        textArrayLiteral(changes.map((c) => c.tier)),
        textArrayLiteral(changes.map((c) => c.reason)),
        textArrayLiteral(changes.map((c) => JSON.stringify(c.assessment))),
        textArrayLiteral(changes.map((c) => c.occurredAt.toISOString())),
      ],
    );
  }

  /** Changes in the order they happened after the one with sequence `after`, `limit` of them. */
  async changesAfter(
    tx: EntityManager,
    customerId: string,
    after: string | undefined,
    limit: number,
  ): Promise<(TierChange & { seq: string })[]> {
    const rows: {
      change_id: string;
      customer_id: string;
      previous_tier: TierChange['previousTier'];
      tier: TierChange['tier'];
      reason: TierChange['reason'];
      assessment: TierChange['assessment'];
      occurred_at: Date;
      seq: string;
    }[] = await tx.query(
      `SELECT change_id, customer_id, previous_tier, tier, reason, assessment, occurred_at, seq
       FROM tier_changes WHERE customer_id = $1 AND ($2::bigint IS NULL OR seq > $2)
       ORDER BY seq LIMIT $3`,
      [customerId, after ?? null, limit],
    );
    return rows.map((row) => ({
      changeId: row.change_id,
      customerId: row.customer_id,
      previousTier: row.previous_tier,
      tier: row.tier,
      reason: row.reason,
      assessment: row.assessment,
      occurredAt: new Date(row.occurred_at),
      seq: String(row.seq),
    }));
  }

  changes(tx: EntityManager, customerId: string): Promise<TierChange[]> {
    return tx
      .getRepository(TierChangeEntity)
      .find({ where: { customerId }, order: { seq: 'ASC' } });
  }
}
