import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type ChannelFigures = {
  revenue: number;
  spend: number;
  customers: number;
  /** Share of CSAT answers scoring 4–5 (0–1); null without answers. */
  csat: number | null;
};

export type StoredDecision = {
  /** 1 when first decided; one more each time a rerun of the period changes the decision. */
  revision: number;
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

/** Per channel over [from, to): net revenue, spend, distinct buyers and CSAT (share of 4–5 scores). */
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
    // CSAT as the KPI counts it: the share of answers scoring 4–5.
    const csat: { channel: string; n: string | null }[] = await tx.query(
      `SELECT channel, (sum(csat_satisfied)::float8 / nullif(sum(csat_answers), 0))::text AS n FROM kpi_buckets
        WHERE grain = 'day' AND bucket_start >= $1 AND bucket_start < $2 GROUP BY channel
       HAVING sum(csat_answers) > 0`,
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

  /**
   * Stores the decisions of a period: a new one as revision 1, one that differs from the stored
   * decision of its period and channel as the next revision; an unchanged one stays as stored.
   * Answers the channels whose decision was stored or revised (the ones to publish).
   */
  async store(
    tx: EntityManager,
    decisions: readonly Omit<StoredDecision, 'revision'>[],
  ): Promise<Set<string>> {
    const changed = new Set<string>();
    for (const d of decisions) {
      const rows: { channel: string }[] = await tx.query(
        `INSERT INTO channel_decisions (period_end, channel, period_start, recommendation, health_index, resource_cut,
                                        figures, reason, decided_at, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)
         ON CONFLICT (period_end, channel) DO UPDATE SET period_start = excluded.period_start,
           recommendation = excluded.recommendation, health_index = excluded.health_index,
           resource_cut = excluded.resource_cut, figures = excluded.figures, reason = excluded.reason,
           decided_at = excluded.decided_at, revision = channel_decisions.revision + 1
         WHERE (channel_decisions.period_start, channel_decisions.recommendation, channel_decisions.health_index,
                channel_decisions.resource_cut, channel_decisions.figures, channel_decisions.reason)
           IS DISTINCT FROM (excluded.period_start, excluded.recommendation, excluded.health_index,
                excluded.resource_cut, excluded.figures, excluded.reason)
         RETURNING channel`,
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
      for (const row of rows) changed.add(row.channel);
    }
    return changed;
  }

  /** Serialises runs of one period, so two runs never revise the same decision at once. */
  async lockPeriod(tx: EntityManager, periodEnd: string): Promise<void> {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('reporting.channel-decisions'), hashtext($1))`,
      [periodEnd],
    );
  }

  /** The stored decisions of one period, by channel. */
  async ofPeriod(tx: EntityManager, periodEnd: string): Promise<StoredDecision[]> {
    return this.select(tx, `WHERE period_end = $1 ORDER BY channel`, [periodEnd]);
  }

  async list(tx: EntityManager, limit: number): Promise<StoredDecision[]> {
    return this.select(tx, `ORDER BY period_end DESC, channel LIMIT $1`, [limit]);
  }

  private async select(
    tx: EntityManager,
    rest: string,
    params: unknown[],
  ): Promise<StoredDecision[]> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
              channel, recommendation, health_index, resource_cut, figures, reason, decided_at, revision
         FROM channel_decisions ${rest}`,
      params,
    );
    return rows.map((r) => ({
      revision: r['revision'] as number,
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
