import type { CatalogPoint } from './catalog.repository';
import {
  compactParts,
  CompactSelector,
  storeParts,
  storedDoubles,
  type CompactPrices,
  type ScopeIds,
} from './compact-prices';
import type { PriceCandidate } from './price-candidate';

/** What a block keeps on the heap: only a SKU with quantity tiers, dates or history has any. */
type Side = {
  kept: readonly PriceCandidate[] | undefined;
  windows: Float64Array | undefined;
  points: Map<string, CatalogPoint[]> | undefined;
};

/** One backing store of blocks, seen as doubles, UTF-16 code units and bytes. */
type Chunk = { f64: Float64Array; u16: Uint16Array; bytes: Buffer; used: number };

/** A SKU's floor and ceiling in its bound currency. */
export type CatalogBound = { currency: string; floor: number; ceiling: number };

// A block's header, in doubles from its start; then its SKU's UTF-16 code units, four to a
// double; then its prices as compactParts makes them (columns, then the losers' openings).
const KEY_LENGTH = 0;
const COUNT = 1;
/** The block's one currency, or ANY (see CompactPrices.currency). */
const CURRENCY = 2;
/** The currency id of the floor and ceiling; NO_BOUND when the SKU has no settings. */
const BOUND_CURRENCY = 3;
const FLOOR = 4;
const CEILING = 5;
/** 1 when the prices have quantity tiers. */
const TIERED = 6;
/** 1 when the SKU has a Side. */
const HAS_SIDE = 7;
/** Where the openings end, in bytes from the start of the columns. */
const OPENINGS_END = 8;
/** The block's length in doubles, header included. */
const LENGTH = 9;
const HEADER = 10;

const NO_BOUND = -1;

/** Doubles in a chunk (4 MB): blocks are a few KB, so a chunk holds about a thousand. */
const CHUNK_DOUBLES = 1 << 19;

// A slot of the table: [the block's chunk + 1 (0: empty, -1: deleted), hash, the block's start].
const SLOT_CHUNK = 0;
const SLOT_HASH = 1;
const SLOT_AT = 2;
const SLOT_INTS = 4;
const EMPTY = 0;
const DELETED = -1;

const MIN_SLOTS = 1024;

/** FNV-1a over the SKU's UTF-16 code units. */
export function hashOf(sku: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sku.length; i++) hash = Math.imul(hash ^ sku.charCodeAt(i), 0x01000193);
  return hash | 0;
}

const newChunk = (doubles: number): Chunk => {
  const store = new ArrayBuffer(doubles * 8);
  return {
    f64: new Float64Array(store),
    u16: new Uint16Array(store),
    bytes: Buffer.from(store),
    used: 0,
  };
};

/**
 * The in-memory catalog's SKUs, flat (ADR 0041): each SKU's header, key and prices as one
 * block of doubles and bytes in a large shared store, found through an open-addressing table
 * of typed arrays. A select then touches a SKU's table slot and its block, one contiguous run,
 * rather than a map's bucket and entry, the key, an object, a typed array's object and its
 * data, each somewhere else on the heap. A replaced or deleted SKU's block is left where it is
 * until more is left than is live; then the live blocks are copied into new stores (selectors
 * made before keep the old ones).
 */
export class CatalogBlocks {
  private slots = new Int32Array(MIN_SLOTS * SLOT_INTS);
  private mask = MIN_SLOTS - 1;
  private chunks: Chunk[] = [];
  private readonly sides = new Map<string, Side>();
  private count = 0;
  private deleted = 0;
  private liveDoubles = 0;
  private wastedDoubles = 0;
  // Where `find` found the block: selection is synchronous, so one pair serves every read.
  private foundChunk: Chunk | undefined;
  private foundAt = 0;
  // What a read hands out, reused by the next (see startRead): nothing is allocated per SKU.
  private readonly selectors: CompactSelector[] = [];
  private readonly bounds: { floor: number; ceiling: number }[] = [];
  private selectorsUsed = 0;
  private boundsUsed = 0;
  // What findAll found: per SKU its slot, then its block's chunk and start (chunk -1: none).
  private manySlots = new Int32Array(64);
  private manyChunks = new Int32Array(64);
  private manyAts = new Int32Array(64);
  // What selectorIn fills in and a selector copies.
  private readonly view: CompactPrices = {
    sku: '',
    kept: undefined,
    columns: new Float64Array(0),
    base: 0,
    count: 0,
    currency: 0,
    tiered: false,
    openings: Buffer.alloc(0),
    openingsEnd: 0,
    windows: undefined,
  };

  /** `chunkDoubles`: the size of a store, and the waste below which none is compacted. */
  constructor(
    private readonly ids: ScopeIds,
    private readonly chunkDoubles = CHUNK_DOUBLES,
  ) {}

  /** How many SKUs it holds. */
  get size(): number {
    return this.count;
  }

  /** Doubles its stores hold, in use or not: what compaction keeps at most about twice the live ones. */
  get allocatedDoubles(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.f64.length, 0);
  }

  /** The SKUs it holds, in no order. */
  *skus(): Iterable<string> {
    for (let slot = 0; slot <= this.mask; slot++) {
      const i = slot * SLOT_INTS;
      if (this.slots[i + SLOT_CHUNK] > 0)
        yield this.keyOf(this.chunks[this.slots[i + SLOT_CHUNK] - 1], this.slots[i + SLOT_AT]);
    }
  }

  /** Stores what selection reads of `sku`, replacing what it held. */
  set(
    sku: string,
    candidates: readonly PriceCandidate[],
    bound: CatalogBound | undefined,
    points: Map<string, CatalogPoint[]> | undefined,
  ): void {
    const parts = compactParts(candidates, this.ids);
    const keyDoubles = Math.ceil(sku.length / 4);
    const length = HEADER + keyDoubles + storedDoubles(parts);
    const { chunk: chunkIndex, at } = this.allocate(length);
    const chunk = this.chunks[chunkIndex];
    const { f64, u16 } = chunk;
    f64[at + KEY_LENGTH] = sku.length;
    f64[at + COUNT] = candidates.length;
    f64[at + CURRENCY] = parts.currency;
    f64[at + BOUND_CURRENCY] = bound === undefined ? NO_BOUND : this.ids.intern(bound.currency);
    f64[at + FLOOR] = bound?.floor ?? 0;
    f64[at + CEILING] = bound?.ceiling ?? 0;
    f64[at + TIERED] = parts.tiered ? 1 : 0;
    f64[at + LENGTH] = length;
    for (let i = 0, unit = (at + HEADER) * 4; i < sku.length; i++)
      u16[unit + i] = sku.charCodeAt(i);
    f64[at + OPENINGS_END] = storeParts(parts, chunk.f64, chunk.bytes, at + HEADER + keyDoubles);
    const side: Side = { kept: parts.kept, windows: parts.windows, points };
    const hasSide = side.kept !== undefined || side.windows !== undefined || points !== undefined;
    f64[at + HAS_SIDE] = hasSide ? 1 : 0;
    if (hasSide) this.sides.set(sku, side);
    else this.sides.delete(sku);
    this.liveDoubles += length;

    const hash = hashOf(sku);
    const slot = this.slotOf(sku, hash);
    const i = slot * SLOT_INTS;
    const { slots } = this;
    if (slots[i + SLOT_CHUNK] > 0) {
      this.release(slots[i + SLOT_CHUNK] - 1, slots[i + SLOT_AT]);
    } else {
      if (slots[i + SLOT_CHUNK] === DELETED) this.deleted--;
      this.count++;
    }
    slots[i + SLOT_CHUNK] = chunkIndex + 1;
    slots[i + SLOT_HASH] = hash;
    slots[i + SLOT_AT] = at;
    this.tidy();
  }

  /** Forgets `sku`. */
  delete(sku: string): void {
    const slot = this.find(sku);
    if (slot === -1) return;
    const i = slot * SLOT_INTS;
    this.release(this.slots[i + SLOT_CHUNK] - 1, this.slots[i + SLOT_AT]);
    this.slots[i + SLOT_CHUNK] = DELETED;
    this.sides.delete(sku);
    this.count--;
    this.deleted++;
    this.tidy();
  }

  /**
   * Starts a read: the selectors and bounds that selectorIn and boundIn answered since the last
   * one are pointed at other SKUs from now on. Select reads and answers synchronously, so what
   * one read hands out is done with before the next starts.
   */
  startRead(): void {
    this.selectorsUsed = 0;
    this.boundsUsed = 0;
  }

  /**
   * `find` for each of `skus`, one step over all of them before the next (each SKU's table slot,
   * then each one's block), so that their reads from memory overlap rather than wait one after
   * the other; `foundOf(k)` then makes the k-th the found SKU. A SKU whose slot has its hash but
   * another key (two SKUs of one hash) is looked up again by `find`.
   */
  findAll(skus: readonly string[]): void {
    const count = skus.length;
    if (this.manySlots.length < count) {
      this.manySlots = new Int32Array(count);
      this.manyChunks = new Int32Array(count);
      this.manyAts = new Int32Array(count);
    }
    const { slots, mask, manySlots, manyChunks, manyAts } = this;
    for (let k = 0; k < count; k++) {
      const hash = hashOf(skus[k]);
      let slot = hash & mask;
      for (; ; slot = (slot + 1) & mask) {
        const chunk = slots[slot * SLOT_INTS + SLOT_CHUNK];
        if (chunk === EMPTY) {
          slot = -1;
          break;
        }
        if (chunk > 0 && slots[slot * SLOT_INTS + SLOT_HASH] === hash) break;
      }
      manySlots[k] = slot;
    }
    for (let k = 0; k < count; k++) {
      const slot = manySlots[k];
      if (slot === -1) {
        manyChunks[k] = -1;
        continue;
      }
      const chunk = slots[slot * SLOT_INTS + SLOT_CHUNK] - 1;
      const at = slots[slot * SLOT_INTS + SLOT_AT];
      if (this.keyIs(this.chunks[chunk], at, skus[k])) {
        manyChunks[k] = chunk;
        manyAts[k] = at;
      } else {
        const found = this.find(skus[k]);
        manyChunks[k] = found === -1 ? -1 : slots[found * SLOT_INTS + SLOT_CHUNK] - 1;
        manyAts[k] = this.foundAt;
      }
    }
  }

  /** Whether it holds the k-th SKU of the last findAll; if so the accessors below read its block. */
  foundOf(k: number): boolean {
    const chunk = this.manyChunks[k];
    if (chunk === -1) return false;
    this.foundChunk = this.chunks[chunk];
    this.foundAt = this.manyAts[k];
    return true;
  }

  /**
   * Whether it holds `sku`; if so the accessors below read its block, until the next `find`.
   * Answers the slot, or -1.
   */
  find(sku: string): number {
    const slot = this.slotOf(sku, hashOf(sku));
    const i = slot * SLOT_INTS;
    const chunk = this.slots[i + SLOT_CHUNK];
    if (chunk <= 0) return -1;
    this.foundChunk = this.chunks[chunk - 1];
    this.foundAt = this.slots[i + SLOT_AT];
    return slot;
  }

  /**
   * The found SKU's selector in `currency` (an id), or undefined when it has no price; valid
   * until the next startRead.
   */
  selectorIn(sku: string, currency: number): CompactSelector | undefined {
    const { f64, bytes } = this.foundChunk as Chunk;
    const at = this.foundAt;
    const count = f64[at + COUNT];
    if (count === 0) return undefined;
    const side = f64[at + HAS_SIDE] === 1 ? this.sides.get(sku) : undefined;
    const { view } = this;
    view.sku = sku;
    view.kept = side?.kept;
    view.columns = f64;
    view.base = at + HEADER + Math.ceil(f64[at + KEY_LENGTH] / 4);
    view.count = count;
    view.currency = f64[at + CURRENCY];
    view.tiered = f64[at + TIERED] === 1;
    view.openings = bytes;
    view.openingsEnd = f64[at + OPENINGS_END];
    view.windows = side?.windows;
    const reused = this.selectors[this.selectorsUsed++];
    if (reused !== undefined) return reused.reset(view, currency);
    const selector = new CompactSelector(view, currency, this.ids);
    this.selectors.push(selector);
    return selector;
  }

  /** The found SKU's floor and ceiling, when they are in `currency` (an id); valid until the next startRead. */
  boundIn(currency: number): { floor: number; ceiling: number } | undefined {
    const { f64 } = this.foundChunk as Chunk;
    const at = this.foundAt;
    if (f64[at + BOUND_CURRENCY] !== currency || currency === NO_BOUND) return undefined;
    const bound = (this.bounds[this.boundsUsed++] ??= { floor: 0, ceiling: 0 });
    bound.floor = f64[at + FLOOR];
    bound.ceiling = f64[at + CEILING];
    return bound;
  }

  /** The found SKU's history, per scope, when it has any. */
  pointsOf(sku: string): Map<string, CatalogPoint[]> | undefined {
    const { f64 } = this.foundChunk as Chunk;
    return f64[this.foundAt + HAS_SIDE] === 1 ? this.sides.get(sku)?.points : undefined;
  }

  private keyIs(chunk: Chunk, at: number, sku: string): boolean {
    if (chunk.f64[at + KEY_LENGTH] !== sku.length) return false;
    const { u16 } = chunk;
    for (let i = 0, unit = (at + HEADER) * 4; i < sku.length; i++)
      if (u16[unit + i] !== sku.charCodeAt(i)) return false;
    return true;
  }

  private keyOf(chunk: Chunk, at: number): string {
    let key = '';
    for (let i = 0, unit = (at + HEADER) * 4; i < chunk.f64[at + KEY_LENGTH]; i++)
      key += String.fromCharCode(chunk.u16[unit + i]);
    return key;
  }

  /** The slot holding `sku`, else the first free one on its probe (a deleted one if any). */
  private slotOf(sku: string, hash: number): number {
    const { slots, mask, chunks } = this;
    let free = -1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const i = slot * SLOT_INTS;
      const chunk = slots[i + SLOT_CHUNK];
      if (chunk === EMPTY) return free === -1 ? slot : free;
      if (chunk === DELETED) {
        if (free === -1) free = slot;
      } else if (
        slots[i + SLOT_HASH] === hash &&
        this.keyIs(chunks[chunk - 1], slots[i + SLOT_AT], sku)
      )
        return slot;
    }
  }

  /** Room for `length` doubles (a chunk's index, and where): at the end of the last chunk, or in a new one. */
  private allocate(length: number): { chunk: number; at: number } {
    let chunk = this.chunks.at(-1);
    if (chunk === undefined || chunk.used + length > chunk.f64.length) {
      chunk = newChunk(Math.max(this.chunkDoubles, length));
      this.chunks.push(chunk);
    }
    const at = chunk.used;
    chunk.used += length;
    return { chunk: this.chunks.length - 1, at };
  }

  private release(chunk: number, at: number): void {
    const length = this.chunks[chunk].f64[at + LENGTH];
    this.liveDoubles -= length;
    this.wastedDoubles += length;
  }

  /** Grows (or clears of deleted slots) the table past half full; compacts the stores past half waste. */
  private tidy(): void {
    if ((this.count + this.deleted) * 2 > this.mask + 1) {
      let slots = MIN_SLOTS;
      while (slots < this.count * 4) slots *= 2;
      this.rebuild(slots, false);
    }
    if (this.wastedDoubles > this.liveDoubles && this.wastedDoubles > this.chunkDoubles)
      this.rebuild(this.mask + 1, true);
  }

  /** Puts every live block in a new table of `size` slots, copying it to new stores if `move`. */
  private rebuild(size: number, move: boolean): void {
    const old = this.slots;
    const oldChunks = this.chunks;
    this.slots = new Int32Array(size * SLOT_INTS);
    this.mask = size - 1;
    this.deleted = 0;
    if (move) {
      this.chunks = [];
      this.wastedDoubles = 0;
    }
    for (let i = 0; i < old.length; i += SLOT_INTS) {
      if (old[i + SLOT_CHUNK] <= 0) continue;
      const hash = old[i + SLOT_HASH];
      let chunkIndex = old[i + SLOT_CHUNK] - 1;
      let at = old[i + SLOT_AT];
      if (move) {
        const from = oldChunks[chunkIndex];
        const length = from.f64[at + LENGTH];
        const to = this.allocate(length);
        this.chunks[to.chunk].f64.set(from.f64.subarray(at, at + length), to.at);
        chunkIndex = to.chunk;
        at = to.at;
      }
      let slot = hash & this.mask;
      while (this.slots[slot * SLOT_INTS + SLOT_CHUNK] !== EMPTY) slot = (slot + 1) & this.mask;
      const j = slot * SLOT_INTS;
      this.slots[j + SLOT_CHUNK] = chunkIndex + 1;
      this.slots[j + SLOT_HASH] = hash;
      this.slots[j + SLOT_AT] = at;
    }
  }
}
