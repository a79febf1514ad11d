import { Injectable } from '@nestjs/common';
import { HEADERS } from '@omni/contracts';
import type { EntityManager } from 'typeorm';
import { encodeValue } from '../producer/message-encoding';
import { bucketOf, decodeBundle, encodeBundle, type BundledMessage } from './outbox-bundle';
import { queryRows, tableName } from '../sql';
import { outboxChannel } from './outbox-channel';
import { traceHeaders } from '../tracing/trace-context';

/** An event to publish once the caller's transaction commits. */
export type OutboxMessage = {
  topic: string;
  key: string;
  value: unknown;
  headers?: Record<string, string>;
};

/**
 * Writes events to `<schema>.outbox` inside the caller's transaction, so the state change
 * and the event commit (or roll back) together. The relay publishes them afterwards. A call's
 * messages are stored as one bundle row per ordering bucket of their keys (outbox-bundle.ts).
 */
@Injectable()
export class Outbox {
  enqueue(manager: EntityManager, message: OutboxMessage): Promise<void> {
    return this.enqueueMany(manager, [message]);
  }

  async enqueueMany(manager: EntityManager, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction the event could be published for a change that never commits.
      throw new Error('Outbox.enqueue needs the EntityManager of an active transaction');
    }
    // Captured now, while the caller's span is active, so the trace crosses the outbox; one
    // context for the whole call, injected once rather than once per message.
    const carried = traceHeaders();
    const buckets = new Map<string, BundledMessage[]>();
    for (const message of messages) {
      const value = encodeValue(message.value);
      const bucket = bucketOf(message.key);
      let bundle = buckets.get(bucket);
      if (bundle === undefined) buckets.set(bucket, (bundle = []));
      bundle.push({
        topic: message.topic,
        key: message.key,
        value: Buffer.isBuffer(value) ? value : Buffer.from(value),
        headers: message.headers?.[HEADERS.traceparent]
          ? message.headers
          : { ...message.headers, ...carried },
      });
    }
    const outbox = tableName(manager.connection, 'outbox');
    // One row per bucket, not per message. The bundles travel as one binary parameter (pg
    // sends a Buffer as bytes, where an array of them would go as hex text) cut up by offset.
    // The notification is delivered when the transaction commits, waking the relays at once.
    const bundles = [...buckets.values()].map((bundle) => encodeBundle(bundle));
    const offsets: number[] = [];
    let at = 1;
    for (const bundle of bundles) {
      offsets.push(at);
      at += bundle.length;
    }
    await manager.query(
      `WITH enqueued AS (
         INSERT INTO ${outbox} (topic, key, value, bundle, messages)
         SELECT '', key, substring($2::bytea FROM o FOR l), true, messages
         FROM unnest($1::text[], $3::int[], $4::int[], $5::int[]) AS b(key, o, l, messages)
       )
       SELECT pg_notify($6, '')`,
      [
        [...buckets.keys()],
        Buffer.concat(bundles),
        offsets,
        bundles.map((bundle) => bundle.length),
        [...buckets.values()].map((bundle) => bundle.length),
        outboxChannel(outbox),
      ],
    );
  }

  /**
   * Removes messages of `topic` with one of `keys` that are not yet published, inside the
   * caller's transaction (for example events that carry data about to be erased). Waits for
   * a relay that holds such a row; what it publishes meanwhile is gone by then.
   */
  async discard(manager: EntityManager, topic: string, keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const outbox = tableName(manager.connection, 'outbox');
    const drop = new Set(keys);
    let discarded = 0;
    const single = await queryRows<{ id: string }>(
      manager,
      `DELETE FROM ${outbox} WHERE NOT bundle AND topic = $1 AND key = ANY($2::text[]) RETURNING id`,
      [topic, keys],
    );
    discarded += single.length;
    const bundles: { id: string; value: Buffer }[] = await manager.query(
      `SELECT o.id::text AS id, o.value FROM ${outbox} o WHERE o.bundle AND o.key = ANY($1::text[]) ORDER BY o.id FOR UPDATE`,
      [[...new Set(keys.map(bucketOf))]],
    );
    for (const row of bundles) {
      const messages = decodeBundle(row.value);
      const kept = messages.filter((m) => !(m.topic === topic && drop.has(m.key)));
      if (kept.length === messages.length) continue;
      discarded += messages.length - kept.length;
      if (kept.length === 0) await manager.query(`DELETE FROM ${outbox} WHERE id = $1`, [row.id]);
      else
        await manager.query(`UPDATE ${outbox} SET value = $2, messages = $3 WHERE id = $1`, [
          row.id,
          encodeBundle(kept),
          kept.length,
        ]);
    }
    return discarded;
  }
}
