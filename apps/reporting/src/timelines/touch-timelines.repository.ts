import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { monthOf } from './timeline-entries';
import {
  compareTouches,
  encodeTouchEntries,
  touchTermKey,
  type TimelineTouch,
  type TouchTerm,
} from './touch-entries';

/** A stored touch of a customer, as their touch timeline keeps it. */
export type TouchFact = TimelineTouch & { customerId: string };

/** A customer's touch entries of one month (SQL), in path order. */
const ENTRIES_OF_TOUCHES = `
  SELECT t.customer_id, (m.month AT TIME ZONE 'UTC')::date AS month,
         string_agg(
           substring(int8send(floor(extract(epoch FROM t.occurred_at - m.month) * 1000)::bigint) FROM 5 FOR 4)
             || int4send(te.id),
           ''::bytea
           ORDER BY t.occurred_at, t.channel COLLATE "C", t.campaign_id COLLATE "C", t.paid,
                    t.touch_type COLLATE "C") AS entries
    FROM touches t
    CROSS JOIN LATERAL (SELECT date_trunc('month', t.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month) m
    JOIN touch_terms te
      ON (te.channel, te.campaign_id, te.paid, te.touch_type) = (t.channel, t.campaign_id, t.paid, t.touch_type)
   WHERE t.customer_id = ANY($1::text[])
   GROUP BY t.customer_id, m.month`;

/**
 * Per customer and UTC month, their stored touches packed (ADR 0023): appended in the batch
 * that stores the touches, rebuilt from `touches` when identity changes move them, read by
 * attribution.
 */
@Injectable()
export class TouchTimelinesRepository {
  /** Term ids known to be committed, by `touchTermKey`; a term is never renumbered or deleted. */
  private readonly ids = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends newly stored touches to their customers' months: one statement for the batch. Late
   * touches land after later ones; the reader sorts such months.
   */
  async append(tx: EntityManager, touches: readonly TouchFact[]): Promise<void> {
    if (touches.length === 0) return;
    await this.registerTerms(touches);
    const chunks = new Map<string, { customerId: string; month: number; touches: TouchFact[] }>();
    for (const touch of touches) {
      const month = monthOf(touch.at);
      const id = `${touch.customerId}\u0000${month}`;
      let chunk = chunks.get(id);
      if (chunk === undefined) {
        chunk = { customerId: touch.customerId, month, touches: [] };
        chunks.set(id, chunk);
      }
      chunk.touches.push(touch);
    }
    // Rows in key order, so concurrent batches lock them in the same order.
    const rows = [...chunks.values()].sort(
      (a, b) =>
        (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) ||
        a.month - b.month,
    );
    const idOf = (term: TouchTerm) => this.ids.get(touchTermKey(term)) as number;
    await tx.query(
      `INSERT INTO touch_timelines (customer_id, month, entries)
       SELECT * FROM unnest($1::text[], $2::date[], $3::bytea[])
       ON CONFLICT (customer_id, month) DO UPDATE SET entries = touch_timelines.entries || excluded.entries`,
      [
        rows.map((row) => row.customerId),
        rows.map((row) => new Date(row.month).toISOString().slice(0, 10)),
        rows.map((row) => encodeTouchEntries(row.touches.sort(compareTouches), row.month, idOf)),
      ],
    );
  }

  /** Rebuilds the touch timelines of `ids` from their stored touches (after a merge or split moved them). */
  async rebuild(tx: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(
      `INSERT INTO touch_terms (channel, campaign_id, paid, touch_type)
       SELECT DISTINCT channel, campaign_id, paid, touch_type FROM touches
        WHERE customer_id = ANY($1::text[]) ORDER BY 1, 2, 3, 4
       ON CONFLICT DO NOTHING`,
      [ids],
    );
    await tx.query(`DELETE FROM touch_timelines WHERE customer_id = ANY($1::text[])`, [ids]);
    await tx.query(
      `INSERT INTO touch_timelines (customer_id, month, entries) ${ENTRIES_OF_TOUCHES}`,
      [ids],
    );
  }

  async erase(tx: EntityManager, customerId: string): Promise<void> {
    await tx.query(`DELETE FROM touch_timelines WHERE customer_id = $1`, [customerId]);
  }

  /**
   * Gives every term an id, outside the batch's transaction: ids are cached, and one taken in a
   * transaction that then rolled back would be gone. An unused term row is harmless.
   */
  private async registerTerms(touches: readonly TouchTerm[]): Promise<void> {
    const unknown = new Map<string, TouchTerm>();
    for (const touch of touches) {
      const key = touchTermKey(touch);
      if (!this.ids.has(key) && !unknown.has(key)) unknown.set(key, touch);
    }
    if (unknown.size === 0) return;
    const terms = [...unknown.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, term]) => term);
    const columns = [
      terms.map((t) => t.channel),
      terms.map((t) => t.campaignId),
      terms.map((t) => t.paid),
      terms.map((t) => t.touchType),
    ];
    await this.dataSource.query(
      `INSERT INTO touch_terms (channel, campaign_id, paid, touch_type)
       SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[])
       ON CONFLICT DO NOTHING`,
      columns,
    );
    const rows: TouchTermRow[] = await this.dataSource.query(
      `SELECT te.id, te.channel, te.campaign_id, te.paid, te.touch_type
         FROM touch_terms te
         JOIN unnest($1::text[], $2::text[], $3::boolean[], $4::text[]) u(channel, campaign_id, paid, touch_type)
           ON (te.channel, te.campaign_id, te.paid, te.touch_type) = (u.channel, u.campaign_id, u.paid, u.touch_type)`,
      columns,
    );
    for (const row of rows) this.ids.set(touchTermKey(touchTermOf(row)), row.id);
  }
}

/** A `touch_terms` row as node-pg hands it over. */
export type TouchTermRow = {
  id: number;
  channel: string;
  campaign_id: string;
  paid: boolean;
  touch_type: string;
};

export const touchTermOf = (row: TouchTermRow): TouchTerm => ({
  channel: row.channel,
  campaignId: row.campaign_id,
  paid: row.paid,
  touchType: row.touch_type,
});
