import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type ChannelFigures = {
  revenue: number;
  spend: number;
  customers: number;
  csat: number | null;
};

export type StoredDecision = {
  periodStart: string;
  periodEnd: string;
  channel: string;
  recommendation: string | null;
  healthIndex: number | null;
  resourceCut: boolean;
  figures: Record<string, unknown>;
  reason: string;
  decidedAt: Date;
};

/** Per channel over [from, to): net revenue, spend, distinct buyers and average CSAT. */
@Injectable()
export class ChannelDecisionsRepository {
  async figures(
    tx: EntityManager,
    from: Date,
    to: Date,
    currency: string,
  ): Promise<Map<string, ChannelFigures>> {
    const range = [from.toISOString(), to.toISOString()];
    const revenue: { channel: string; n: string }[] = await tx.query(
      `SELECT channel, sum(gmv - refunded - cancelled)::text AS n FROM kpi_buckets
        WHERE grain = 'day' AND bucket_start >= $1 AND bucket_start < $2 GROUP BY channel`,
      range,
    );
    const spend: { channel: string; n: string }[] = await tx.query(
      `SELECT channel, sum(cost)::text AS n FROM spend
        WHERE currency = $3 AND spend_date >= $1::timestamptz::date AND spend_date < $2::timestamptz::date GROUP BY channel`,
      [...range, currency],
    );
    const buyers: { channel: string; n: string }[] = await tx.query(
      `SELECT channel, count(DISTINCT customer_id)::text AS n FROM kpi_bucket_customers
        WHERE grain = 'day' AND role = 'buyer' AND bucket_start >= $1 AND bucket_start < $2 GROUP BY channel`,
      range,
    );
    const csat: { channel: string; n: string }[] = await tx.query(
      `SELECT channel, avg((properties ->> 'satisfaction')::numeric)::text AS n FROM events
        WHERE type = 'survey.answered' AND occurred_at >= $1 AND occurred_at < $2
          AND jsonb_typeof(properties -> 'satisfaction') = 'number'
        GROUP BY channel`,
      range,
    );
    const figures = new Map<string, ChannelFigures>();
    const of = (channel: string) => {
      let found = figures.get(channel);
      if (found === undefined) {
        found = { revenue: 0, spend: 0, customers: 0, csat: null };
        figures.set(channel, found);
      }
      return found;
    };
    for (const row of revenue) of(row.channel).revenue = Number(row.n);
    for (const row of spend) of(row.channel).spend = Number(row.n);
    for (const row of buyers) of(row.channel).customers = Number(row.n);
    for (const row of csat) of(row.channel).csat = Number(row.n);
    return figures;
  }

  async partnerRelations(tx: EntityManager): Promise<Map<string, number>> {
    const rows: { channel: string; partner_relations: number }[] = await tx.query(
      `SELECT channel, partner_relations FROM channel_inputs`,
    );
    return new Map(rows.map((row) => [row.channel, row.partner_relations]));
  }

  async setPartnerRelations(
    tx: EntityManager,
    channel: string,
    score: number,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO channel_inputs (channel, partner_relations, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (channel) DO UPDATE SET partner_relations = excluded.partner_relations,
         updated_by = excluded.updated_by, updated_at = now()`,
      [channel, score, actor],
    );
  }

  /** Stores the decisions of a period, replacing an earlier run of the same period. */
  async store(tx: EntityManager, decisions: readonly StoredDecision[]): Promise<void> {
    for (const d of decisions) {
      await tx.query(
        `INSERT INTO channel_decisions (period_end, channel, period_start, recommendation, health_index, resource_cut,
                                        figures, reason, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (period_end, channel) DO UPDATE SET period_start = excluded.period_start,
           recommendation = excluded.recommendation, health_index = excluded.health_index,
           resource_cut = excluded.resource_cut, figures = excluded.figures, reason = excluded.reason,
           decided_at = excluded.decided_at`,
        [
          d.periodEnd,
          d.channel,
          d.periodStart,
          d.recommendation,
          d.healthIndex,
          d.resourceCut,
          JSON.stringify(d.figures),
          d.reason,
          d.decidedAt.toISOString(),
        ],
      );
    }
  }

  async list(tx: EntityManager, limit: number): Promise<StoredDecision[]> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
              channel, recommendation, health_index, resource_cut, figures, reason, decided_at
         FROM channel_decisions ORDER BY period_end DESC, channel LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      periodStart: r['period_start'] as string,
      periodEnd: r['period_end'] as string,
      channel: r['channel'] as string,
      recommendation: (r['recommendation'] as string | null) ?? null,
      healthIndex: (r['health_index'] as number | null) ?? null,
      resourceCut: r['resource_cut'] as boolean,
      figures: r['figures'] as Record<string, unknown>,
      reason: r['reason'] as string,
      decidedAt: new Date(r['decided_at'] as string),
    }));
  }
}
