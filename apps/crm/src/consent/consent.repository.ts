import { Injectable } from '@nestjs/common';
import type { ConsentPurpose } from '@omni/contracts';
import { insertRows, type InsertColumns } from '@omni/database';
import type { EntityManager } from 'typeorm';
import { latestDecisions, mostRestrictive, type ConsentDecision } from './consent-rules';

export type ConsentRecord = ConsentDecision & {
  customerId: string;
  sourceEventKey: string | null;
  actor: string | null;
};

export type ConsentHistoryEntry = ConsentDecision & {
  sourceEventKey: string | null;
  actor: string | null;
  recordedAt: Date;
};

type DecisionRow = {
  customer_id: string;
  channel: string;
  purpose: ConsentPurpose;
  granted: boolean;
  policy_version: string | null;
  occurred_at: Date;
  source: string;
};

const toDecision = (row: DecisionRow): ConsentDecision => ({
  channel: row.channel,
  purpose: row.purpose,
  granted: row.granted,
  policyVersion: row.policy_version,
  occurredAt: row.occurred_at,
  source: row.source,
});

const CONSENT_COLUMNS = {
  customerId: 'text',
  channel: 'text',
  purpose: 'text',
  granted: 'boolean',
  policyVersion: 'text',
  occurredAt: 'timestamptz',
  source: 'text',
} as const satisfies InsertColumns<ConsentRecord>;

const CONSENT_HISTORY_COLUMNS = {
  ...CONSENT_COLUMNS,
  sourceEventKey: 'text',
  actor: 'text',
} as const satisfies InsertColumns<ConsentRecord>;

/** The consent and consent_history tables; every write runs in the caller's transaction. */
@Injectable()
export class ConsentRepository {
  /** Appends decisions to the history and moves the current one when a decision is newer. */
  async record(tx: EntityManager, records: readonly ConsentRecord[]): Promise<void> {
    if (records.length === 0) return;
    await insertRows(tx, 'consent_history', CONSENT_HISTORY_COLUMNS, records);
    await this.recompute(tx, [...new Set(records.map((r) => r.customerId))]);
  }

  /** The decisions in force, re-derived from each customer's history. */
  async recompute(tx: EntityManager, customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return;
    const rows: DecisionRow[] = await tx.query(
      `SELECT customer_id, channel, purpose, granted, policy_version, occurred_at, source
       FROM consent_history WHERE customer_id = ANY($1::text[]) ORDER BY id`,
      [customerIds],
    );
    const byCustomer = new Map<string, ConsentDecision[]>(customerIds.map((id) => [id, []]));
    for (const row of rows) byCustomer.get(row.customer_id)?.push(toDecision(row));
    await this.replaceCurrent(
      tx,
      [...byCustomer].map(([customerId, history]) => [customerId, latestDecisions(history)]),
    );
  }

  /**
   * Folds merged profiles into the survivor: their history moves, and per channel and purpose
   * the most restrictive decision is recorded at the latest time any of them decided, so it
   * stays in force until someone decides again after the merge.
   */
  async merge(
    tx: EntityManager,
    survivorId: string,
    mergedIds: readonly string[],
    sourceEventKey: string,
  ): Promise<void> {
    const everyone = [survivorId, ...mergedIds];
    const current = await this.currentOf(tx, everyone);
    const decided = everyone.map((id) => current.get(id) ?? []);
    const latest = new Map(
      latestDecisions(decided.flat()).map((d) => [`${d.channel}/${d.purpose}`, d.occurredAt]),
    );
    await tx.query(
      `UPDATE consent_history SET customer_id = $1 WHERE customer_id = ANY($2::text[])`,
      [survivorId, mergedIds],
    );
    await this.record(
      tx,
      mostRestrictive(decided).map((decision) => ({
        ...decision,
        customerId: survivorId,
        occurredAt: latest.get(`${decision.channel}/${decision.purpose}`) ?? decision.occurredAt,
        source: 'merge',
        sourceEventKey,
        actor: null,
      })),
    );
    await this.recompute(tx, everyone);
  }

  /** Moves the decisions carried by the listed events to each new profile, then re-derives all. */
  async split(
    tx: EntityManager,
    fromId: string,
    moves: readonly { customerId: string; eventKeys: readonly string[] }[],
  ): Promise<void> {
    for (const move of moves) {
      await tx.query(
        `UPDATE consent_history SET customer_id = $1
         WHERE customer_id = $2 AND source_event_key = ANY($3::text[])`,
        [move.customerId, fromId, move.eventKeys],
      );
    }
    await this.recompute(tx, [fromId, ...moves.map((move) => move.customerId)]);
  }

  /** Deletes every decision of the person, current and past. */
  async erase(tx: EntityManager, customerId: string): Promise<void> {
    await tx.query(`DELETE FROM consent WHERE customer_id = $1`, [customerId]);
    await tx.query(`DELETE FROM consent_history WHERE customer_id = $1`, [customerId]);
  }

  async currentOf(
    manager: EntityManager,
    customerIds: readonly string[],
  ): Promise<Map<string, ConsentDecision[]>> {
    const rows: DecisionRow[] = await manager.query(
      `SELECT customer_id, channel, purpose, granted, policy_version, occurred_at, source
       FROM consent WHERE customer_id = ANY($1::text[]) ORDER BY channel, purpose`,
      [customerIds],
    );
    const byCustomer = new Map<string, ConsentDecision[]>();
    for (const row of rows) {
      byCustomer.set(row.customer_id, [
        ...(byCustomer.get(row.customer_id) ?? []),
        toDecision(row),
      ]);
    }
    return byCustomer;
  }

  async historyOf(manager: EntityManager, customerId: string): Promise<ConsentHistoryEntry[]> {
    const rows: (DecisionRow & {
      source_event_key: string | null;
      actor: string | null;
      recorded_at: Date;
    })[] = await manager.query(
      `SELECT customer_id, channel, purpose, granted, policy_version, occurred_at, source,
              source_event_key, actor, recorded_at
       FROM consent_history WHERE customer_id = $1 ORDER BY occurred_at, id`,
      [customerId],
    );
    return rows.map((row) => ({
      ...toDecision(row),
      sourceEventKey: row.source_event_key,
      actor: row.actor,
      recordedAt: row.recorded_at,
    }));
  }

  /** Of these customer, channel and purpose slots, those with consent, as `customer/channel/purpose`. */
  async allowsMany(
    manager: EntityManager,
    slots: readonly { customerId: string; channel: string; purpose: ConsentPurpose }[],
  ): Promise<Set<string>> {
    if (slots.length === 0) return new Set();
    const rows: { customer_id: string; channel: string; purpose: string }[] = await manager.query(
      `SELECT c.customer_id, c.channel, c.purpose
       FROM consent c JOIN unnest($1::text[], $2::text[], $3::text[]) AS s(customer_id, channel, purpose)
         USING (customer_id, channel, purpose)
       WHERE c.granted`,
      [slots.map((s) => s.customerId), slots.map((s) => s.channel), slots.map((s) => s.purpose)],
    );
    return new Set(rows.map((row) => `${row.customer_id}/${row.channel}/${row.purpose}`));
  }

  private async replaceCurrent(
    tx: EntityManager,
    current: readonly [string, ConsentDecision[]][],
  ): Promise<void> {
    const customerIds = current.map(([customerId]) => customerId);
    await tx.query(`DELETE FROM consent WHERE customer_id = ANY($1::text[])`, [customerIds]);
    const rows = current.flatMap(([customerId, decisions]) =>
      decisions.map((decision) => ({ customerId, ...decision })),
    );
    await insertRows(tx, 'consent', CONSENT_COLUMNS, rows);
  }
}
