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
    const rows = await queryRows<{ event_id: string }>(
      tx,
      `INSERT INTO ${this.inbox} (consumer_group, event_id, topic, partition, "offset")
       SELECT $1, e.event_id, e.topic, e.partition, e.off
       FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS e(event_id, topic, partition, off)
       ON CONFLICT DO NOTHING
       RETURNING event_id`,
      [
        consumerGroup,
        entries.map((e) => e.eventId),
        entries.map((e) => e.topic),
        entries.map((e) => e.partition),
        entries.map((e) => e.offset),
      ],
    );
    return new Set(rows.map((r) => r.event_id));
  }
}
