/** A simulated event as identity resolution would publish it, keyed by its customer. */
export type ResolvedSimulatedEvent<E> = {
  key: string;
  value: E & { customerId: string; correlationId: string; causationId: string };
};

/**
 * The simulation's labelled events (`labelledEvents()`) as identity resolution would publish
 * them if it were always right: each event of a known person with `cus_<person>` as its
 * customerId and itself as cause, keyed by that customer; the events of no known person left
 * out; at most `limit` of them.
 */
export function resolvedEventsOf<E extends { eventId: string }>(
  labelled: Iterable<{ event: E; personId?: string }>,
  limit = Infinity,
): ResolvedSimulatedEvent<E>[] {
  const events: ResolvedSimulatedEvent<E>[] = [];
  for (const { event, personId } of labelled) {
    if (events.length >= limit) break;
    if (personId === undefined) continue;
    const customerId = `cus_${personId}`;
    events.push({
      key: customerId,
      value: { ...event, customerId, correlationId: event.eventId, causationId: event.eventId },
    });
  }
  return events;
}
