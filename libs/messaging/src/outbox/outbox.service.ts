import { Injectable } from '@nestjs/common';
import { HEADERS } from '@omni/contracts';
import type { EntityManager } from 'typeorm';
import { encodeValue } from '../producer/message-encoding';
import { tableName } from '../sql';
import { outboxChannel } from './outbox-listener';
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
 * and the event commit (or roll back) together. The relay publishes them afterwards.
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
    const topics: string[] = [];
    const keys: string[] = [];
    // Base64 text rather than bytea: pg would send bytea as hex, twice the bytes on the wire.
    const values: string[] = [];
    const headers: string[] = [];
    // Captured now, while the caller's span is active, so the trace crosses the outbox; one
    // context for the whole call, injected once rather than once per message.
    const carried = traceHeaders();
    for (const message of messages) {
      const value = encodeValue(message.value);
      topics.push(message.topic);
      keys.push(message.key);
      values.push((Buffer.isBuffer(value) ? value : Buffer.from(value)).toString('base64'));
      headers.push(
        JSON.stringify(
          message.headers?.[HEADERS.traceparent]
            ? message.headers
            : { ...message.headers, ...carried },
        ),
      );
    }
    const outbox = tableName(manager.connection, 'outbox');
    // The notification is delivered when the transaction commits, waking the relays at once.
    await manager.query(
      `WITH enqueued AS (
         INSERT INTO ${outbox} (topic, key, value, headers)
         SELECT topic, key, decode(value, 'base64'), headers
         FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS m(topic, key, value, headers, n)
         ORDER BY n
       )
       SELECT pg_notify($5, '')`,
      [topics, keys, values, headers, outboxChannel(outbox)],
    );
  }
}
