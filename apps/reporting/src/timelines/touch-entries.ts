import { compareText, type TimelineChunk } from './timeline-entries';

/**
 * A customer's marketing touches of one UTC month, packed: per touch 8 bytes, big-endian (what
 * Postgres's int4send writes, so SQL rebuilds the same bytes): milliseconds since the month
 * began (u32), then the id in `touch_terms` of its channel, campaign, paid and touch type.
 */
export const TOUCH_ENTRY_BYTES = 8;

/** What attribution knows of a touch besides its time: one `touch_terms` row. */
export type TouchTerm = { channel: string; campaignId: string; paid: boolean; touchType: string };

/** One touch as a touch timeline holds it. */
export type TimelineTouch = TouchTerm & { at: number };

export const touchTermKey = (term: TouchTerm): string =>
  `${term.channel}\u001f${term.campaignId}\u001f${term.paid}\u001f${term.touchType}`;

/** Channel, campaign (code-unit order, as `COLLATE "C"`), unpaid before paid, then touch type. */
export function compareTouchTerms(a: TouchTerm, b: TouchTerm): number {
  return (
    compareText(a.channel, b.channel) ||
    compareText(a.campaignId, b.campaignId) ||
    Number(a.paid) - Number(b.paid) ||
    compareText(a.touchType, b.touchType)
  );
}

/**
 * The order of a customer's path: by time, simultaneous touches by their term. Touches equal in
 * both are alike in everything attribution reads, so the order is total where it matters.
 */
export function compareTouches(a: TimelineTouch, b: TimelineTouch): number {
  return a.at - b.at || compareTouchTerms(a, b);
}

/** Packs touches of one month (already in `compareTouches` order), with `idOf` giving term ids. */
export function encodeTouchEntries(
  touches: readonly TimelineTouch[],
  month: number,
  idOf: (term: TouchTerm) => number,
): Buffer {
  const buffer = Buffer.allocUnsafe(touches.length * TOUCH_ENTRY_BYTES);
  touches.forEach((touch, i) => {
    buffer.writeUInt32BE(touch.at - month, i * TOUCH_ENTRY_BYTES);
    buffer.writeUInt32BE(idOf(touch), i * TOUCH_ENTRY_BYTES + 4);
  });
  return buffer;
}

/**
 * Decodes one customer's touch timeline at a time into typed arrays reused from customer to
 * customer: `at` (epoch ms) and `term` (ids) of the touches whose term `keep` admits, in
 * `compareTouches` order (late touches, appended after later ones, are sorted into place).
 */
export class TouchTimelineDecoder {
  at = new Float64Array(64);
  term = new Int32Array(64);
  n = 0;
  /** Per term id, its place in `compareTouchTerms` order; -1 for an id not in `touch_terms`. */
  private readonly rank: Int32Array;
  /** 1 at the ids of the terms read. */
  private readonly kept: Uint8Array;

  constructor(terms: ReadonlyMap<number, TouchTerm>, keep: (term: TouchTerm) => boolean) {
    let max = 0;
    for (const id of terms.keys()) max = Math.max(max, id);
    this.rank = new Int32Array(max + 1).fill(-1);
    this.kept = new Uint8Array(max + 1);
    [...terms]
      .sort(([, a], [, b]) => compareTouchTerms(a, b))
      .forEach(([id, term], place) => {
        this.rank[id] = place;
        if (keep(term)) this.kept[id] = 1;
      });
  }

  /** Replaces the arrays' contents with the touches of `chunks` (one customer's, months ascending). */
  decode(chunks: readonly TimelineChunk[]): void {
    let total = 0;
    for (const { entries } of chunks) total += entries.length / TOUCH_ENTRY_BYTES;
    if (total > this.at.length) {
      const size = 2 ** Math.ceil(Math.log2(total));
      this.at = new Float64Array(size);
      this.term = new Int32Array(size);
    }
    const { at, term, rank, kept } = this;
    let n = 0;
    let sorted = true;
    for (const { month, entries } of chunks) {
      for (let offset = 0; offset < entries.length; offset += TOUCH_ENTRY_BYTES) {
        const id = entries.readUInt32BE(offset + 4);
        if (id >= rank.length || rank[id] < 0)
          throw new Error(`a touch timeline entry names term ${id}, not in touch_terms`);
        if (kept[id] !== 1) continue;
        const time = month + entries.readUInt32BE(offset);
        if (
          sorted &&
          n > 0 &&
          (at[n - 1] > time || (at[n - 1] === time && rank[term[n - 1]] > rank[id]))
        )
          sorted = false;
        at[n] = time;
        term[n] = id;
        n += 1;
      }
    }
    if (!sorted) {
      const order = Array.from({ length: n }, (_, i) => i).sort(
        (i, j) => at[i] - at[j] || rank[term[i]] - rank[term[j]],
      );
      const times = order.map((i) => at[i]);
      const ids = order.map((i) => term[i]);
      at.set(times);
      term.set(ids);
    }
    this.n = n;
  }

  /** The first index whose time is above `time` (touches up to `time` are before it). */
  after(time: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at[mid] <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
