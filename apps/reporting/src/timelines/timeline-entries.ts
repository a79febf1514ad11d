import type { PathEvent } from '../funnels/funnel';

/**
 * A customer's events of one UTC month, packed: per event 16 bytes, big-endian (what Postgres's
 * int4send writes, so SQL rebuilds the same bytes): milliseconds since the month began (u32: a
 * month is at most 2,678,400,000 ms), then the term ids of its type, channel and campaign.
 */
export const ENTRY_BYTES = 16;

/** One event as a timeline holds it, its type, channel and campaign as strings. */
export type TimelineEvent = { at: number; type: string; channel: string; campaignId: string };

/** The UTC month an instant falls in, as its first millisecond. */
export function monthOf(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/**
 * The order both funnel paths read a customer's events in: by time, simultaneous ones by type,
 * channel and campaign (code-unit order, as Postgres's "C" collation sorts them).
 */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  return (
    a.at - b.at ||
    compareText(a.type, b.type) ||
    compareText(a.channel, b.channel) ||
    compareText(a.campaignId, b.campaignId)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Packs events of one month (already in `compareEvents` order), with `idOf` giving term ids. */
export function encodeEntries(
  events: readonly TimelineEvent[],
  month: number,
  idOf: (term: string) => number,
): Buffer {
  const buffer = Buffer.allocUnsafe(events.length * ENTRY_BYTES);
  events.forEach((event, i) => {
    const offset = i * ENTRY_BYTES;
    buffer.writeUInt32BE(event.at - month, offset);
    buffer.writeUInt32BE(idOf(event.type), offset + 4);
    buffer.writeUInt32BE(idOf(event.channel), offset + 8);
    buffer.writeUInt32BE(idOf(event.campaignId), offset + 12);
  });
  return buffer;
}

/** One month of a customer's timeline as stored. */
export type TimelineChunk = { month: number; entries: Buffer };

/** What a funnel reads from timelines: its time span, and which types it needs. */
export type TimelineScope = {
  /** Types a customer must have one event of in [from, to) to be read (a possible start). */
  startTypes: readonly string[];
  /** Types of the events read; every type when undefined (strict funnels need every event). */
  types?: readonly string[];
  from: number;
  to: number;
  /** Events are read up to and including this instant. */
  until: number;
};

/**
 * Customers' timelines (chunks grouped per customer, months ascending) decoded for a funnel:
 * the events of each customer with a possible start, in `compareEvents` order, as the events
 * path reads them from the `events` table.
 */
export class TimelineReader {
  private readonly startIds: Set<number>;
  private readonly typeIds: Set<number> | undefined;

  constructor(
    private readonly customers: readonly (readonly TimelineChunk[])[],
    private readonly terms: ReadonlyMap<number, string>,
    private readonly scope: TimelineScope,
  ) {
    const ids = new Map([...terms].map(([id, term]) => [term, id]));
    const idsOf = (types: readonly string[]) =>
      new Set(types.flatMap((type) => ids.get(type) ?? []));
    this.startIds = idsOf(scope.startTypes);
    this.typeIds = scope.types === undefined ? undefined : idsOf(scope.types);
  }

  /** Customers with a possible start: what the range-size guard counts, without decoding paths. */
  countStarters(): number {
    let n = 0;
    for (const chunks of this.customers) if (this.hasStart(chunks)) n += 1;
    return n;
  }

  paths(): PathEvent[][] {
    const paths: PathEvent[][] = [];
    const none = Object.freeze({});
    for (const chunks of this.customers) {
      if (!this.hasStart(chunks)) continue;
      const path: PathEvent[] = [];
      let sorted = true;
      for (const { month, entries } of chunks) {
        for (let offset = 0; offset < entries.length; offset += ENTRY_BYTES) {
          const at = month + entries.readUInt32BE(offset);
          if (at < this.scope.from || at > this.scope.until) continue;
          const typeId = entries.readUInt32BE(offset + 4);
          if (this.typeIds !== undefined && !this.typeIds.has(typeId)) continue;
          const event: PathEvent = {
            at,
            type: this.term(typeId),
            channel: this.term(entries.readUInt32BE(offset + 8)),
            campaignId: this.term(entries.readUInt32BE(offset + 12)),
            properties: none,
          };
          // Late events were appended after later ones; only those paths need sorting.
          if (sorted && path.length > 0 && compareEvents(path[path.length - 1], event) > 0)
            sorted = false;
          path.push(event);
        }
      }
      if (!sorted) path.sort(compareEvents);
      paths.push(path);
    }
    return paths;
  }

  private hasStart(chunks: readonly TimelineChunk[]): boolean {
    const { from, to } = this.scope;
    for (const { month, entries } of chunks) {
      for (let offset = 0; offset < entries.length; offset += ENTRY_BYTES) {
        const at = month + entries.readUInt32BE(offset);
        if (at >= from && at < to && this.startIds.has(entries.readUInt32BE(offset + 4)))
          return true;
      }
    }
    return false;
  }

  private term(id: number): string {
    const term = this.terms.get(id);
    if (term === undefined) throw new Error(`timeline term ${id} is not in timeline_terms`);
    return term;
  }
}
