/**
 * What makes two messages copies of one event. Ingest accepts an `eventId` once per connector,
 * so two connectors may both send an event "1001": the key is the connector plus the event id.
 * Service events carry no connector and their ids are unique on their own. Connector ids are
 * lower-case letters, digits and hyphens, so the `:` can never make two keys equal.
 */
export function eventDedupeKey(event: { eventId: string; connectorId?: string }): string {
  return event.connectorId === undefined ? event.eventId : `${event.connectorId}:${event.eventId}`;
}

/**
 * Remembers the most recent `capacity` keys in memory and answers whether a key is new.
 * For subscribers whose effect is itself idempotent or disposable (a cache, a live view):
 * it forgets on restart and beyond its window. A subscriber with durable effects records
 * `eventDedupeKey` in the same database transaction as the effect instead (a unique key,
 * ON CONFLICT DO NOTHING), as Omni's own services do with their inbox table.
 */
export class RecentEventKeys {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive whole number, got ${capacity}`);
  }

  /** True the first time a key is offered within the window; false for a copy. */
  firstTime(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    // A Set iterates in insertion order, so the first entry is the oldest.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value!);
    return true;
  }
}
