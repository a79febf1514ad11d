import { TOPICS } from '@omni/contracts';
import { createTopicReader, type TopicReader } from '@omni/messaging';

/** One of our events as identity-resolution published it. */
export type ResolvedSighting = {
  readonly eventId: string;
  readonly customerId?: string;
  /** The send time the connector SDK stamped in the event (sentAt), in epoch ms. */
  readonly sentAtMs?: number;
  /**
   * The Kafka timestamp of the message: on the resolved topic when identity-resolution produced
   * it (on ingest's topic, when ingest did).
   */
  readonly resolvedAtMs: number;
};

export const RESOLVED_TOPIC = TOPICS.identityResolvedEvents.name;

/**
 * Reads identity.resolved-events.v1 from "now" and indexes it by eventId, so a scenario can
 * wait for exactly the events it sent among whatever else flows through the platform.
 */
export class ResolvedEventsReader {
  private readonly seen = new Map<string, ResolvedSighting>();
  private indexed = 0;

  private constructor(private readonly reader: TopicReader) {}

  /** Reads the resolved topic, or another topic of event envelopes (ingest's, to time its part). */
  static async open(
    brokers: readonly string[],
    topic: string = RESOLVED_TOPIC,
  ): Promise<ResolvedEventsReader> {
    return new ResolvedEventsReader(
      await createTopicReader({
        brokers: [...brokers],
        clientId: 'omni-bench',
        topic,
      }),
    );
  }

  /** Waits until every id was seen, or nothing new arrived for `idleMs`, or `timeoutMs` passed. */
  async waitFor(
    ids: ReadonlySet<string>,
    timeoutMs: number,
    idleMs = Math.min(timeoutMs, 15_000),
  ): Promise<Map<string, ResolvedSighting>> {
    const deadline = Date.now() + timeoutMs;
    let lastProgress = Date.now();
    let found = this.matching(ids);
    while (found.size < ids.size && Date.now() < deadline && Date.now() - lastProgress < idleMs) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const next = this.matching(ids);
      if (next.size > found.size) lastProgress = Date.now();
      found = next;
    }
    return found;
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  private matching(ids: ReadonlySet<string>): Map<string, ResolvedSighting> {
    this.index();
    const found = new Map<string, ResolvedSighting>();
    for (const id of ids) {
      const sighting = this.seen.get(id);
      if (sighting !== undefined) found.set(id, sighting);
    }
    return found;
  }

  private index(): void {
    const messages = this.reader.messages;
    for (; this.indexed < messages.length; this.indexed++) {
      const message = messages[this.indexed];
      try {
        const value = JSON.parse(message.value?.toString('utf8') ?? '') as {
          eventId?: unknown;
          customerId?: unknown;
          sentAt?: unknown;
        };
        if (typeof value.eventId !== 'string') continue;
        const sentAtMs = typeof value.sentAt === 'string' ? Date.parse(value.sentAt) : Number.NaN;
        this.seen.set(value.eventId, {
          eventId: value.eventId,
          ...(typeof value.customerId === 'string' ? { customerId: value.customerId } : {}),
          ...(Number.isFinite(sentAtMs) ? { sentAtMs } : {}),
          resolvedAtMs: Number(message.timestamp),
        });
      } catch {
        // Not JSON: not one of ours.
      }
    }
  }
}

/** Why the scenario cannot read the resolved topic, or undefined when it can. */
export async function resolvedTopicProblem(
  brokers: readonly string[],
): Promise<string | undefined> {
  try {
    const reader = await ResolvedEventsReader.open(brokers);
    await reader.close();
    return undefined;
  } catch (error) {
    return `cannot read ${RESOLVED_TOPIC}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
