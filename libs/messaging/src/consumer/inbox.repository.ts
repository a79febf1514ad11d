import { scalarArrayLiteral, textArrayLiteral } from '@omni/database';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, tableName } from '../sql';

export type InboxEntry = { eventId: string; topic: string; partition: number; offset: string };

/** Remembers which events a consumer group has applied, inside the effect's transaction. */
export class InboxRepository {
  private readonly inbox: string;

  constructor(dataSource: DataSource) {
    this.inbox = tableName(dataSource, 'inbox');
  }

  /** Records the entries and returns the event ids seen for the first time. */
  async record(
    tx: EntityManager,
    consumerGroup: string,
    entries: InboxEntry[],
  ): Promise<Set<string>> {
    // Only the ids seen before come back (usually none), not every id just recorded.
    const rows = await queryRows<{ event_id: string }>(
      tx,
      `WITH recorded AS (
         INSERT INTO ${this.inbox} (consumer_group, event_id, topic, partition, "offset")
         SELECT $1, e.event_id, e.topic, e.partition, e.off
         FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS e(event_id, topic, partition, off)
         ON CONFLICT DO NOTHING
         RETURNING event_id
       )
       SELECT event_id FROM unnest($2::text[]) AS e(event_id)
       EXCEPT
       SELECT event_id FROM recorded`,
      [
        consumerGroup,
        textArrayLiteral(entries.map((e) => e.eventId)),
        textArrayLiteral(entries.map((e) => e.topic)),
        scalarArrayLiteral(entries.map((e) => e.partition)),
        scalarArrayLiteral(entries.map((e) => e.offset)),
      ],
    );
    const fresh = new Set(entries.map((e) => e.eventId));
    for (const row of rows) fresh.delete(row.event_id);
    return fresh;
  }
}
