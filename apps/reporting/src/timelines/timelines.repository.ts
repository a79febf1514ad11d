import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  chunksByCustomer,
  compareEvents,
  encodeEntries,
  monthOf,
  type TimelineChunk,
  type TimelineEvent,
  type TimelineRow,
} from './timeline-entries';

/** A stored event of a customer, as its timeline keeps it. */
export type TimelineFact = TimelineEvent & { customerId: string };

/** A customer's entries of one month (SQL), in the order funnels read them. */
const ENTRIES_OF_EVENTS = `
  SELECT e.customer_id, (m.month AT TIME ZONE 'UTC')::date AS month,
         string_agg(
           substring(int8send(floor(extract(epoch FROM e.occurred_at - m.month) * 1000)::bigint) FROM 5 FOR 4)
             || int4send(ty.id) || int4send(ch.id) || int4send(ca.id),
           ''::bytea
           ORDER BY e.occurred_at, e.type COLLATE "C", e.channel COLLATE "C", e.campaign_id COLLATE "C") AS entries
    FROM events e
    CROSS JOIN LATERAL (SELECT date_trunc('month', e.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month) m
    JOIN timeline_terms ty ON ty.term = e.type
    JOIN timeline_terms ch ON ch.term = e.channel
    JOIN timeline_terms ca ON ca.term = e.campaign_id
   WHERE e.customer_id = ANY($1::text[])
   GROUP BY e.customer_id, m.month`;

/**
 * Per customer and UTC month, their stored events packed (ADR 0019): appended in the batch that
 * stores the events, rebuilt from `events` when identity changes move them, read by funnels.
 */
@Injectable()
export class TimelinesRepository {
  /** Term ids known to be committed; a term is never renumbered or deleted. */
  private readonly ids = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends newly stored events to their customers' months: one statement for the batch. Late
   * events land after later ones; readers sort such months.
   */
  async append(tx: EntityManager, facts: readonly TimelineFact[]): Promise<void> {
    if (facts.length === 0) return;
    await this.registerTerms(facts.flatMap((f) => [f.type, f.channel, f.campaignId]));
    const chunks = new Map<string, { customerId: string; month: number; events: TimelineFact[] }>();
    for (const fact of facts) {
      const month = monthOf(fact.at);
      const id = `${fact.customerId}\u0000${month}`;
      let chunk = chunks.get(id);
      if (chunk === undefined) {
        chunk = { customerId: fact.customerId, month, events: [] };
        chunks.set(id, chunk);
      }
      chunk.events.push(fact);
    }
    // Rows in key order, so concurrent batches lock them in the same order.
    const rows = [...chunks.values()].sort(
      (a, b) =>
        (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) ||
        a.month - b.month,
    );
    const idOf = (term: string) => this.ids.get(term) as number;
    await tx.query(
      `INSERT INTO timelines (customer_id, month, entries)
       SELECT * FROM unnest($1::text[], $2::date[], $3::bytea[])
       ON CONFLICT (customer_id, month) DO UPDATE SET entries = timelines.entries || excluded.entries`,
      [
        rows.map((row) => row.customerId),
        rows.map((row) => new Date(row.month).toISOString().slice(0, 10)),
        rows.map((row) => encodeEntries(row.events.sort(compareEvents), row.month, idOf)),
      ],
    );
  }

  /** Rebuilds the timelines of `ids` from their stored events (after a merge or split moved them). */
  async rebuild(tx: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(
      `INSERT INTO timeline_terms (term)
       SELECT DISTINCT term FROM events CROSS JOIN LATERAL (VALUES (type), (channel), (campaign_id)) t(term)
        WHERE customer_id = ANY($1::text[]) ORDER BY term
       ON CONFLICT (term) DO NOTHING`,
      [ids],
    );
    await tx.query(`DELETE FROM timelines WHERE customer_id = ANY($1::text[])`, [ids]);
    await tx.query(`INSERT INTO timelines (customer_id, month, entries) ${ENTRIES_OF_EVENTS}`, [
      ids,
    ]);
  }

  async erase(tx: EntityManager, customerId: string): Promise<void> {
    await tx.query(`DELETE FROM timelines WHERE customer_id = $1`, [customerId]);
  }

  /** Every customer's months overlapping [from, until], grouped per customer, months ascending. */
  async read(
    from: number,
    until: number,
  ): Promise<{ customers: TimelineChunk[][]; terms: Map<number, string> }> {
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT customer_id, extract(epoch FROM month)::float8 * 1000 AS month_ms, entries
         FROM timelines WHERE month BETWEEN $1::date AND $2::date`,
      [dateOf(monthOf(from)), dateOf(monthOf(until))],
    );
    const terms: { id: number; term: string }[] = await this.dataSource.query(
      `SELECT id, term FROM timeline_terms`,
    );
    const customers = [...chunksByCustomer(rows).values()];
    return { customers, terms: new Map(terms.map(({ id, term }) => [id, term])) };
  }

  /**
   * Gives every term an id, outside the batch's transaction: ids are cached, and one taken in a
   * transaction that then rolled back would be gone. An unused term row is harmless.
   */
  private async registerTerms(terms: readonly string[]): Promise<void> {
    const unknown = [...new Set(terms)].filter((term) => !this.ids.has(term)).sort();
    if (unknown.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO timeline_terms (term) SELECT unnest($1::text[]) ON CONFLICT (term) DO NOTHING`,
      [unknown],
    );
    const rows: { id: number; term: string }[] = await this.dataSource.query(
      `SELECT id, term FROM timeline_terms WHERE term = ANY($1::text[])`,
      [unknown],
    );
    for (const { id, term } of rows) this.ids.set(term, id);
  }
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
