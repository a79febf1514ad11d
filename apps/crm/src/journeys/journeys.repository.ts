import { Injectable } from '@nestjs/common';
import { textArrayLiteral } from '@omni/database';
import type { EntityManager } from 'typeorm';
import type { SuppressionReason } from './firing-policy';

export type NewInstance = {
  instanceId: string;
  journeyId: string;
  customerId: string;
  scopeKey: string;
  enteredAt: Date;
  anchorAt: Date;
  context: Record<string, unknown>;
  sourceEventKey: string | null;
  timers: { step: string; dueAt: Date }[];
  /** Set when the same batch already ended it: written exited, its timers cancelled. */
  exit?: { reason: string; at: Date };
};

export type ActiveInstance = {
  instanceId: string;
  customerId: string;
  journeyId: string;
  scopeKey: string;
  anchorAt: Date;
};

export type DueTimer = {
  id: string;
  instanceId: string;
  journeyId: string;
  customerId: string;
  step: string;
  stepIndex: number;
  dueAt: Date;
  scopeKey: string;
  context: Record<string, unknown>;
  sourceEventKey: string | null;
};

export type Firing = {
  journeyId: string;
  instanceId: string;
  step: string;
  customerId: string;
  channel: string;
  outcome: 'triggered' | 'suppressed';
  reason: SuppressionReason | null;
  explanation: string | null;
  dueAt: Date;
  firedAt: Date;
  eventId: string | null;
};

/** Journey instances, their timers and firings; every write runs in the caller's transaction. */
@Injectable()
export class JourneysRepository {
  /**
   * What a batch of entries and exits needs about its customers: their active instances, the
   * instances ever entered of `once` journeys, and each one's first paid order.
   */
  async stateOf(
    tx: EntityManager,
    customerIds: readonly string[],
    onceJourneyIds: readonly string[],
  ) {
    const active: {
      instance_id: string;
      customer_id: string;
      journey_id: string;
      scope_key: string;
      anchor_at: Date;
    }[] = await tx.query(
      `SELECT instance_id, customer_id, journey_id, scope_key, anchor_at FROM journey_instances
         WHERE customer_id = ANY($1::text[]) AND status = 'active'`,
      [textArrayLiteral(customerIds)],
    );
    const once: { customer_id: string; journey_id: string; scope_key: string }[] =
      onceJourneyIds.length === 0
        ? []
        : await tx.query(
            `SELECT DISTINCT customer_id, journey_id, scope_key FROM journey_instances
             WHERE customer_id = ANY($1::text[]) AND journey_id = ANY($2::text[])`,
            [textArrayLiteral(customerIds), textArrayLiteral(onceJourneyIds)],
          );
    const firstOrders: { customer_id: string; order_id: string; paid_at: Date }[] = await tx.query(
      `SELECT customer_id, order_id, paid_at FROM journey_first_orders WHERE customer_id = ANY($1::text[])`,
      [textArrayLiteral(customerIds)],
    );
    return {
      active: active.map((row): ActiveInstance => ({
        instanceId: row.instance_id,
        customerId: row.customer_id,
        journeyId: row.journey_id,
        scopeKey: row.scope_key,
        anchorAt: row.anchor_at,
      })),
      once: once.map((row) => ({
        customerId: row.customer_id,
        journeyId: row.journey_id,
        scopeKey: row.scope_key,
      })),
      firstOrders: firstOrders.map((row) => ({
        customerId: row.customer_id,
        orderId: row.order_id,
        paidAt: row.paid_at,
      })),
    };
  }

  /**
   * Ends instances (an event exited them) and cancels their pending timers. Timers first: the
   * scheduler locks timers before it completes their instances, and the other order deadlocked
   * with it whenever a batch ended an instance whose timer was being fired.
   */
  async exitMany(
    tx: EntityManager,
    exits: readonly { instanceId: string; reason: string; at: Date }[],
  ): Promise<void> {
    if (exits.length === 0) return;
    await this.cancelTimers(
      tx,
      exits.map((e) => e.instanceId),
    );
    await tx.query(
      `UPDATE journey_instances i SET status = 'exited', exited_at = e.at, exit_reason = e.reason
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS e(instance_id, reason, at)
       WHERE i.instance_id = e.instance_id AND i.status = 'active'`,
      [
        textArrayLiteral(exits.map((e) => e.instanceId)),
        textArrayLiteral(exits.map((e) => e.reason)),
        textArrayLiteral(exits.map((e) => e.at.toISOString())),
      ],
    );
  }

  /**
   * Writes new instances and their timers. An instance whose slot another transaction filled
   * meanwhile (the one-active-instance index) is skipped with its timers.
   */
  async insertMany(tx: EntityManager, instances: readonly NewInstance[]): Promise<void> {
    if (instances.length === 0) return;
    const timers = instances.flatMap((instance) =>
      instance.timers.map((timer, index) => ({ instance, timer, index })),
    );
    await tx.query(
      `WITH inserted AS (
         INSERT INTO journey_instances
           (instance_id, journey_id, customer_id, scope_key, status, entered_at, anchor_at, context,
            source_event_key, exited_at, exit_reason)
         SELECT i.id, i.journey, i.customer, i.scope, CASE WHEN i.exit_reason IS NULL THEN 'active' ELSE 'exited' END,
                i.entered, i.anchor, i.context, i.source, i.exited, i.exit_reason
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                     $7::jsonb[], $8::text[], $9::timestamptz[], $10::text[])
           AS i(id, journey, customer, scope, entered, anchor, context, source, exited, exit_reason)
         ON CONFLICT (customer_id, journey_id, scope_key) WHERE status = 'active' DO NOTHING
         RETURNING instance_id, status
       )
       INSERT INTO journey_timers (instance_id, journey_id, customer_id, step, step_index, due_at, status)
       SELECT t.instance_id, t.journey, t.customer, t.step, t.step_index, t.due_at,
              CASE WHEN inserted.status = 'active' THEN 'pending' ELSE 'cancelled' END
       FROM unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::timestamptz[])
         AS t(instance_id, journey, customer, step, step_index, due_at)
       JOIN inserted USING (instance_id)`,
      [
        textArrayLiteral(instances.map((i) => i.instanceId)),
        textArrayLiteral(instances.map((i) => i.journeyId)),
        textArrayLiteral(instances.map((i) => i.customerId)),
        textArrayLiteral(instances.map((i) => i.scopeKey)),
        textArrayLiteral(instances.map((i) => i.enteredAt.toISOString())),
        textArrayLiteral(instances.map((i) => i.anchorAt.toISOString())),
        textArrayLiteral(instances.map((i) => JSON.stringify(i.context))),
        textArrayLiteral(instances.map((i) => i.sourceEventKey)),
        textArrayLiteral(instances.map((i) => i.exit?.at.toISOString() ?? null)),
        textArrayLiteral(instances.map((i) => i.exit?.reason ?? null)),
        textArrayLiteral(timers.map((t) => t.instance.instanceId)),
        textArrayLiteral(timers.map((t) => t.instance.journeyId)),
        textArrayLiteral(timers.map((t) => t.instance.customerId)),
        textArrayLiteral(timers.map((t) => t.timer.step)),
        textArrayLiteral(timers.map((t) => String(t.index))),
        textArrayLiteral(timers.map((t) => t.timer.dueAt.toISOString())),
      ],
    );
  }

  /** Each customer's first paid order by event time (an earlier one arriving later takes its place). */
  async recordFirstOrders(
    tx: EntityManager,
    orders: readonly { customerId: string; orderId: string; paidAt: Date }[],
  ): Promise<void> {
    if (orders.length === 0) return;
    await tx.query(
      `INSERT INTO journey_first_orders AS f (customer_id, order_id, paid_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
       ON CONFLICT (customer_id) DO UPDATE SET
         order_id = CASE WHEN excluded.paid_at < f.paid_at THEN excluded.order_id ELSE f.order_id END,
         paid_at = LEAST(excluded.paid_at, f.paid_at)`,
      [
        textArrayLiteral(orders.map((o) => o.customerId)),
        textArrayLiteral(orders.map((o) => o.orderId)),
        textArrayLiteral(orders.map((o) => o.paidAt.toISOString())),
      ],
    );
  }

  /** Claims due timers no other replica holds; they stay locked until the transaction ends. */
  async claimDue(tx: EntityManager, now: Date, limit: number): Promise<DueTimer[]> {
    const rows: {
      id: string;
      instance_id: string;
      journey_id: string;
      customer_id: string;
      step: string;
      step_index: number;
      due_at: Date;
      scope_key: string;
      context: Record<string, unknown>;
      source_event_key: string | null;
    }[] = await tx.query(
      `SELECT t.id::text AS id, t.instance_id, t.journey_id, t.customer_id, t.step, t.step_index,
              t.due_at, i.scope_key, i.context, i.source_event_key
       FROM journey_timers t JOIN journey_instances i ON i.instance_id = t.instance_id
       WHERE t.status = 'pending' AND t.due_at <= $1
       ORDER BY t.due_at, t.id
       LIMIT $2
       FOR UPDATE OF t SKIP LOCKED`,
      [now.toISOString(), limit],
    );
    return rows.map((row) => ({
      id: row.id,
      instanceId: row.instance_id,
      journeyId: row.journey_id,
      customerId: row.customer_id,
      step: row.step,
      stepIndex: row.step_index,
      dueAt: row.due_at,
      scopeKey: row.scope_key,
      context: row.context,
      sourceEventKey: row.source_event_key,
    }));
  }

  /** Serialises contact decisions per customer across replicas, so the cap holds. */
  async lockContacts(tx: EntityManager, customerIds: readonly string[]): Promise<void> {
    const sorted = [...new Set(customerIds)].sort();
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('crm-contacts'), hashtext(id)) FROM unnest($1::text[]) AS id`,
      [sorted],
    );
  }

  /** Contacts per `customer/channel` since `since`. */
  async contactsSinceMany(
    tx: EntityManager,
    customerIds: readonly string[],
    since: Date,
  ): Promise<Map<string, number>> {
    const rows: { customer_id: string; channel: string; contacts: number }[] = await tx.query(
      `SELECT customer_id, channel, count(*)::int AS contacts FROM journey_firings
       WHERE customer_id = ANY($1::text[]) AND outcome = 'triggered' AND fired_at > $2
       GROUP BY customer_id, channel`,
      [customerIds, since.toISOString()],
    );
    return new Map(rows.map((row) => [`${row.customer_id}/${row.channel}`, row.contacts]));
  }

  /** The last contact per customer, journey and instance, for the re-entry window. */
  async lastContacts(
    tx: EntityManager,
    customerIds: readonly string[],
    journeyIds: readonly string[],
  ): Promise<{ customerId: string; journeyId: string; instanceId: string; at: Date }[]> {
    const rows: { customer_id: string; journey_id: string; instance_id: string; at: Date }[] =
      await tx.query(
        `SELECT customer_id, journey_id, instance_id, max(fired_at) AS at FROM journey_firings
         WHERE customer_id = ANY($1::text[]) AND journey_id = ANY($2::text[]) AND outcome = 'triggered'
         GROUP BY customer_id, journey_id, instance_id`,
        [customerIds, journeyIds],
      );
    return rows.map((row) => ({
      customerId: row.customer_id,
      journeyId: row.journey_id,
      instanceId: row.instance_id,
      at: row.at,
    }));
  }

  /** Records firings, once per journey, instance and step; returns the keys newly recorded. */
  async recordFirings(tx: EntityManager, firings: readonly Firing[]): Promise<Set<string>> {
    if (firings.length === 0) return new Set();
    const column = <K extends keyof Firing>(key: K) => firings.map((f) => f[key]);
    const rows: { journey_id: string; instance_id: string; step: string }[] = await tx.query(
      `INSERT INTO journey_firings
         (journey_id, instance_id, step, customer_id, channel, outcome, reason, explanation, due_at, fired_at, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[])
       ON CONFLICT (journey_id, instance_id, step) DO NOTHING
       RETURNING journey_id, instance_id, step`,
      [
        column('journeyId'),
        column('instanceId'),
        column('step'),
        column('customerId'),
        column('channel'),
        column('outcome'),
        column('reason'),
        column('explanation'),
        firings.map((f) => f.dueAt.toISOString()),
        firings.map((f) => f.firedAt.toISOString()),
        column('eventId'),
      ],
    );
    return new Set(rows.map((row) => `${row.journey_id}/${row.instance_id}/${row.step}`));
  }

  /** Marks timers done; returns the instances that thereby completed. */
  async settleMany(
    tx: EntityManager,
    settled: readonly { timer: DueTimer; status: 'fired' | 'suppressed' }[],
    at: Date,
  ): Promise<{ instanceId: string; anchorAt: Date }[]> {
    if (settled.length === 0) return [];
    await tx.query(
      `UPDATE journey_timers t SET status = s.status
       FROM unnest($1::bigint[], $2::text[]) AS s(id, status) WHERE t.id = s.id`,
      [settled.map((s) => s.timer.id), settled.map((s) => s.status)],
    );
    const [completed]: [{ instance_id: string; anchor_at: Date }[], number] = await tx.query(
      `UPDATE journey_instances i SET status = 'completed', exited_at = $2, exit_reason = 'completed'
       WHERE i.instance_id = ANY($1::text[]) AND i.status = 'active'
         AND NOT EXISTS (SELECT 1 FROM journey_timers t
                         WHERE t.instance_id = i.instance_id AND t.status = 'pending')
       RETURNING i.instance_id, i.anchor_at`,
      [[...new Set(settled.map((s) => s.timer.instanceId))], at.toISOString()],
    );
    return completed.map((row) => ({ instanceId: row.instance_id, anchorAt: row.anchor_at }));
  }

  /** Moves these timers' due time to `until` (the end of quiet hours), in one statement. */
  async deferMany(tx: EntityManager, timers: readonly DueTimer[], until: Date): Promise<void> {
    await tx.query(`UPDATE journey_timers SET due_at = $2 WHERE id = ANY($1::bigint[])`, [
      timers.map((timer) => timer.id),
      until.toISOString(),
    ]);
  }

  /**
   * Folds merged customers' journeys into the survivor: an active instance the survivor also
   * has (same journey and scope) ends as `merged`, the rest move with their timers and firings.
   */
  async merge(tx: EntityManager, survivorId: string, mergedIds: readonly string[], at: Date) {
    // Their pending timers first, in the scheduler's order (timers, then instances), so a merge
    // that meets a firing waits for it instead of deadlocking with it.
    await tx.query(
      `SELECT 1 FROM journey_timers WHERE customer_id = ANY($1::text[]) AND status = 'pending'
       ORDER BY id FOR UPDATE`,
      [textArrayLiteral(mergedIds)],
    );
    const [clashing]: [{ instance_id: string }[], number] = await tx.query(
      `UPDATE journey_instances m SET status = 'exited', exited_at = $3, exit_reason = 'merged'
       WHERE m.customer_id = ANY($2::text[]) AND m.status = 'active'
         AND EXISTS (SELECT 1 FROM journey_instances s
                     WHERE s.customer_id = $1 AND s.status = 'active'
                       AND s.journey_id = m.journey_id AND s.scope_key = m.scope_key)
       RETURNING m.instance_id`,
      [survivorId, mergedIds, at.toISOString()],
    );
    await this.cancelTimers(
      tx,
      clashing.map((row) => row.instance_id),
    );
    for (const table of ['journey_instances', 'journey_timers', 'journey_firings']) {
      await tx.query(`UPDATE ${table} SET customer_id = $1 WHERE customer_id = ANY($2::text[])`, [
        survivorId,
        mergedIds,
      ]);
    }
    await tx.query(
      `INSERT INTO journey_first_orders AS f (customer_id, order_id, paid_at)
       SELECT $1, order_id, paid_at FROM journey_first_orders
       WHERE customer_id = ANY($2::text[]) ORDER BY paid_at LIMIT 1
       ON CONFLICT (customer_id) DO UPDATE SET
         order_id = CASE WHEN excluded.paid_at < f.paid_at THEN excluded.order_id ELSE f.order_id END,
         paid_at = LEAST(excluded.paid_at, f.paid_at)`,
      [survivorId, mergedIds],
    );
    await tx.query(`DELETE FROM journey_first_orders WHERE customer_id = ANY($1::text[])`, [
      mergedIds,
    ]);
  }

  /** Moves the instances an event listed for a new profile (with their timers and firings). */
  async split(
    tx: EntityManager,
    fromId: string,
    moves: readonly { customerId: string; eventKeys: readonly string[] }[],
  ): Promise<void> {
    for (const move of moves) {
      // Pending timers before instances, as in merge.
      await tx.query(
        `SELECT 1 FROM journey_timers t JOIN journey_instances i USING (instance_id)
         WHERE i.customer_id = $1 AND i.source_event_key = ANY($2::text[]) AND t.status = 'pending'
         ORDER BY t.id FOR UPDATE OF t`,
        [fromId, textArrayLiteral(move.eventKeys)],
      );
      const [moved]: [{ instance_id: string }[], number] = await tx.query(
        `UPDATE journey_instances SET customer_id = $1
         WHERE customer_id = $2 AND source_event_key = ANY($3::text[])
         RETURNING instance_id`,
        [move.customerId, fromId, move.eventKeys],
      );
      const ids = moved.map((row) => row.instance_id);
      await tx.query(
        `UPDATE journey_timers SET customer_id = $1 WHERE instance_id = ANY($2::text[])`,
        [move.customerId, ids],
      );
      await tx.query(
        `UPDATE journey_firings SET customer_id = $1 WHERE instance_id = ANY($2::text[])`,
        [move.customerId, ids],
      );
    }
  }

  /** Deletes every journey, timer and firing of the person. */
  async erase(tx: EntityManager, customerId: string): Promise<void> {
    await tx.query(`DELETE FROM journey_firings WHERE customer_id = $1`, [customerId]);
    await tx.query(`DELETE FROM journey_timers WHERE customer_id = $1`, [customerId]);
    await tx.query(`DELETE FROM journey_instances WHERE customer_id = $1`, [customerId]);
    await tx.query(`DELETE FROM journey_first_orders WHERE customer_id = $1`, [customerId]);
  }

  async instancesOf(manager: EntityManager, customerId: string) {
    return manager.query(
      `SELECT i.instance_id AS "instanceId", i.journey_id AS "journeyId", i.scope_key AS "scopeKey",
              i.status, i.entered_at AS "enteredAt", i.exited_at AS "exitedAt", i.exit_reason AS "exitReason",
              coalesce(json_agg(json_build_object('step', t.step, 'dueAt', t.due_at, 'status', t.status)
                                ORDER BY t.step_index) FILTER (WHERE t.id IS NOT NULL), '[]') AS timers
       FROM journey_instances i LEFT JOIN journey_timers t ON t.instance_id = i.instance_id
       WHERE i.customer_id = $1
       GROUP BY i.instance_id ORDER BY i.entered_at, i.instance_id`,
      [customerId],
    ) as Promise<
      {
        instanceId: string;
        journeyId: string;
        scopeKey: string;
        status: string;
        enteredAt: Date;
        exitedAt: Date | null;
        exitReason: string | null;
        timers: { step: string; dueAt: string; status: string }[];
      }[]
    >;
  }

  async firingsOf(manager: EntityManager, customerId: string): Promise<Firing[]> {
    const rows: {
      journey_id: string;
      instance_id: string;
      step: string;
      customer_id: string;
      channel: string;
      outcome: 'triggered' | 'suppressed';
      reason: SuppressionReason | null;
      explanation: string | null;
      due_at: Date;
      fired_at: Date;
      event_id: string | null;
    }[] = await manager.query(
      `SELECT journey_id, instance_id, step, customer_id, channel, outcome, reason, explanation,
              due_at, fired_at, event_id
       FROM journey_firings WHERE customer_id = $1 ORDER BY fired_at, id`,
      [customerId],
    );
    return rows.map((row) => ({
      journeyId: row.journey_id,
      instanceId: row.instance_id,
      step: row.step,
      customerId: row.customer_id,
      channel: row.channel,
      outcome: row.outcome,
      reason: row.reason,
      explanation: row.explanation,
      dueAt: row.due_at,
      firedAt: row.fired_at,
      eventId: row.event_id,
    }));
  }

  private async cancelTimers(tx: EntityManager, instanceIds: readonly string[]): Promise<void> {
    if (instanceIds.length === 0) return;
    await tx.query(
      `UPDATE journey_timers SET status = 'cancelled' WHERE instance_id = ANY($1::text[]) AND status = 'pending'`,
      [textArrayLiteral(instanceIds)],
    );
  }
}
