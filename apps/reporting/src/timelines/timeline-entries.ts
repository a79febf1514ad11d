import type { FunnelStep, StepPaths } from '../funnels/funnel';

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

/** Code-unit order, as Postgres's "C" collation sorts. */
export function compareText(a: string, b: string): number {
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

/** A timeline row as both timeline tables are read: the customer, the month in ms, its entries. */
export type TimelineRow = { customer_id: string; month_ms: number; entries: Buffer };

/**
 * Rows grouped per customer, each customer's months ascending: grouped here, not sorted by
 * Postgres, since a sort of every row in range would spill to disk.
 */
export function chunksByCustomer(rows: readonly TimelineRow[]): Map<string, TimelineChunk[]> {
  const byCustomer = new Map<string, TimelineChunk[]>();
  for (const row of rows) {
    const chunk = { month: row.month_ms, entries: row.entries };
    const chunks = byCustomer.get(row.customer_id);
    if (chunks === undefined) byCustomer.set(row.customer_id, [chunk]);
    else chunks.push(chunk);
  }
  for (const chunks of byCustomer.values())
    if (chunks.length > 1) chunks.sort((a, b) => a.month - b.month);
  return byCustomer;
}

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
 * Customers' timelines (chunks grouped per customer, months ascending) decoded for a funnel
 * without payload filters: the events of each customer with a possible start, in
 * `compareEvents` order, as the events path reads them from the `events` table.
 */
export class TimelineReader {
  private readonly startTypes: Uint8Array;
  private readonly readTypes: Uint8Array | undefined;

  constructor(
    private readonly customers: readonly (readonly TimelineChunk[])[],
    private readonly terms: ReadonlyMap<number, string>,
    private readonly scope: TimelineScope,
  ) {
    this.startTypes = this.lookup(scope.startTypes);
    this.readTypes = scope.types === undefined ? undefined : this.lookup(scope.types);
  }

  /** Customers with a possible start: what the range-size guard counts, without decoding paths. */
  countStarters(): number {
    let n = 0;
    for (const chunks of this.customers) if (this.hasStart(chunks)) n += 1;
    return n;
  }

  /** The paths of customers with a possible start, each event with the steps it matches. */
  paths(steps: readonly Omit<FunnelStep, 'where'>[]): StepPaths {
    const size = this.maxId() + 1;
    const typeSteps = new Int32Array(size);
    const channelSteps = new Int32Array(size);
    const ids = new Map([...this.terms].map(([id, term]) => [term, id]));
    steps.forEach((step, k) => {
      for (const type of step.types)
        if (ids.has(type)) typeSteps[ids.get(type) as number] |= 1 << k;
      if (step.channels === undefined) for (let id = 0; id < size; id++) channelSteps[id] |= 1 << k;
      else
        for (const channel of step.channels)
          if (ids.has(channel)) channelSteps[ids.get(channel) as number] |= 1 << k;
    });
    let total = 0;
    for (const chunks of this.customers)
      for (const { entries } of chunks) total += entries.length / ENTRY_BYTES;
    const at = new Float64Array(total);
    const matched = new Int32Array(total);
    const type = new Int32Array(total);
    const channel = new Int32Array(total);
    const campaign = new Int32Array(total);
    const compare = (i: number, j: number) =>
      at[i] - at[j] ||
      compareText(this.term(type[i]), this.term(type[j])) ||
      compareText(this.term(channel[i]), this.term(channel[j])) ||
      compareText(this.term(campaign[i]), this.term(campaign[j]));
    const bounds = [0];
    let n = 0;
    for (const chunks of this.customers) {
      if (!this.hasStart(chunks)) continue;
      const begin = n;
      let sorted = true;
      for (const { month, entries } of chunks) {
        for (let offset = 0; offset < entries.length; offset += ENTRY_BYTES) {
          const time = month + entries.readUInt32BE(offset);
          if (time < this.scope.from || time > this.scope.until) continue;
          const typeId = entries.readUInt32BE(offset + 4);
          if (this.readTypes !== undefined && this.readTypes[typeId] !== 1) continue;
          const channelId = entries.readUInt32BE(offset + 8);
          if (typeId >= size || channelId >= size)
            throw new Error(
              `a timeline entry names term ${Math.max(typeId, channelId)}, not in timeline_terms`,
            );
          at[n] = time;
          type[n] = typeId;
          channel[n] = channelId;
          campaign[n] = entries.readUInt32BE(offset + 12);
          matched[n] = typeSteps[typeId] & channelSteps[channelId];
          // Late events were appended after later ones; only those paths need sorting.
          if (sorted && n > begin && at[n - 1] >= time && compare(n - 1, n) > 0) sorted = false;
          n += 1;
        }
      }
      if (!sorted) {
        const order = Array.from({ length: n - begin }, (_, i) => begin + i).sort(compare);
        for (const column of [at, matched, type, channel, campaign]) {
          const copy = order.map((i) => column[i]);
          column.set(copy, begin);
        }
      }
      bounds.push(n);
    }
    return {
      at: at.subarray(0, n),
      matched: matched.subarray(0, n),
      bounds: Int32Array.from(bounds),
      channelOf: (i) => this.term(channel[i]),
      campaignOf: (i) => this.term(campaign[i]),
    };
  }

  private hasStart(chunks: readonly TimelineChunk[]): boolean {
    const { from, to } = this.scope;
    for (const { month, entries } of chunks) {
      for (let offset = 0; offset < entries.length; offset += ENTRY_BYTES) {
        const time = month + entries.readUInt32BE(offset);
        if (time >= from && time < to && this.startTypes[entries.readUInt32BE(offset + 4)] === 1)
          return true;
      }
    }
    return false;
  }

  /** 1 at the ids of `types`, indexable by any id in an entry. */
  private lookup(types: readonly string[]): Uint8Array {
    const wanted = new Set(types);
    const table = new Uint8Array(this.maxId() + 1);
    for (const [id, term] of this.terms) if (wanted.has(term)) table[id] = 1;
    return table;
  }

  private maxId(): number {
    let max = 0;
    for (const id of this.terms.keys()) max = Math.max(max, id);
    return max;
  }

  private term(id: number): string {
    const term = this.terms.get(id);
    if (term === undefined) throw new Error(`timeline term ${id} is not in timeline_terms`);
    return term;
  }
}
