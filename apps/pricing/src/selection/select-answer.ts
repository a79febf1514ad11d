import type { GuardedSelection } from '../fairness/fairness-guard';
import { asciiBytes, BufferPool, JsonBytes } from './json-bytes';
import type { RejectedCandidate, SelectionQuery } from './select-price';
import type { SelectionReads } from './selection.repository';

/** Writes a `rejected` list itself, from what it keeps (the catalog's columns: CompactSelector). */
export type RejectedWriter = { writeRejected(json: JsonBytes, query: SelectionQuery): void };

/**
 * The losers an entry lists: the selection's own, or written by the catalog; undefined: none
 * (`explain: false`: the entry has no `rejected`).
 */
export type Rejections = readonly RejectedCandidate[] | RejectedWriter | undefined;

/** A selected price that writes its own `"priceId":…,"priceListId":…` (the catalog's BlockPrice). */
export type IdsWriter = { writeIds(json: JsonBytes): void };

const writesIds = (selected: object): selected is IdsWriter => 'writeIds' in selected;

type Point = SelectionReads['points'] extends Map<string, infer P> ? P : never;

const PRICE_ID = asciiBytes('{"priceId":');
const PRICE_LIST_ID = asciiBytes(',"priceListId":');
const AMOUNT = asciiBytes(',"amount":');
const REASON = asciiBytes(',"reason":"');
const END_OF_REJECTED = asciiBytes('"}');

/** Opens one item of `rejected`, up to its reason's text. */
export function openRejected(
  json: JsonBytes,
  priceId: string,
  priceListId: string,
  amount: number,
): void {
  openRejectedToAmount(json, priceId, priceListId);
  rejectedAmount(json, amount);
}

/** The start of openRejected, up to the amount's value: what depends only on the price. */
export function openRejectedToAmount(json: JsonBytes, priceId: string, priceListId: string): void {
  json.bytesOf(PRICE_ID);
  json.string(priceId);
  json.bytesOf(PRICE_LIST_ID);
  json.string(priceListId);
  json.bytesOf(AMOUNT);
}

/** The rest of openRejected after openRejectedToAmount: the amount, up to the reason's text. */
export function rejectedAmount(json: JsonBytes, amount: number): void {
  json.number(amount);
  json.bytesOf(REASON);
}

/** Closes what openRejected opened, after its reason's text. */
export function closeRejected(json: JsonBytes): void {
  json.bytesOf(END_OF_REJECTED);
}

/** A reason's text (JSON text bytes) with what closeRejected writes after it: one copy for both. */
export const closedReasonBytes = (reason: Uint8Array): Uint8Array =>
  Buffer.concat([reason, END_OF_REJECTED]);

const NO_QUERY: SelectionQuery = { channel: '', customerGroups: [], at: new Date(0), quantity: 1 };

// The entries' fixed parts, in the DTO's order.
const FIRST_SKU = asciiBytes('{"sku":');
const NEXT_SKU = asciiBytes(',{"sku":');
const NO_PRICE = asciiBytes(',"status":"no_price"');
const PRICED = asciiBytes(',"status":"priced","price":{"amount":');
const CURRENCY = asciiBytes(',"currency":');
const SELECTED_PRICE_ID = asciiBytes('},"priceId":');
const END_OF_PRICE = asciiBytes('},');
const LEVEL = asciiBytes(',"level":');
const COUNTRY_MATCHED = asciiBytes(',"countryMatched":true');
const NO_COUNTRY_MATCHED = asciiBytes(',"countryMatched":false');
const DATED = asciiBytes(',"dated":true');
const UNDATED = asciiBytes(',"dated":false');
const REJECTED = asciiBytes(',"rejected":');
const FLOOR = asciiBytes(',"floor":');
const CEILING = asciiBytes(',"ceiling":');
const NO_REFERENCE = asciiBytes(',"referencePrice":null,"reductionStartedAt":null');
const REFERENCE_AMOUNT = asciiBytes(',"referencePrice":{"amount":');
const REDUCTION_STARTED_AT = asciiBytes('},"reductionStartedAt":');
const FAIRNESS = asciiBytes(',"fairness":{"memberPrice":');
const BASELINE_PRICE = asciiBytes(',"baselinePrice":');
const BASELINE_GROUP = asciiBytes(',"baselineGroup":');
const CORRECTED = asciiBytes(',"corrected":true}');
const NOT_CORRECTED = asciiBytes(',"corrected":false}');

/**
 * Select's answer (SelectResponseDto) as JSON bytes, written as the entries are chosen: the
 * bytes JSON.stringify writes for the DTO's objects, without the objects (ADR 0034). One writer
 * per service; an answer is written start to finish without an await, so answers never mix.
 * Each answer is written into a buffer of its own from a pool, handed out without a copy:
 * `release` gives it back once it has been sent (ADR 0037).
 */
export class SelectAnswerWriter {
  private readonly pool = new BufferPool();
  private readonly json = new JsonBytes(this.pool);
  private currency = '';
  private query: SelectionQuery = NO_QUERY;
  private entries = 0;

  start(at: Date, currency: string, query: SelectionQuery): void {
    this.json.reset();
    this.currency = currency;
    this.query = query;
    this.entries = 0;
    this.json.raw('{"at":"');
    this.json.instantText(at.getTime());
    this.json.raw('","prices":[');
  }

  /**
   * One SKU's entry, its properties in the DTO's order; `point`: the history point of the
   * selected price's scope, whose reduction is this price's only when it records the same amount.
   */
  entry(
    sku: string,
    selection: GuardedSelection,
    rejected: Rejections,
    bound: { floor: number; ceiling: number } | undefined,
    point: Point | undefined,
  ): void {
    const { json } = this;
    const { selected, fairness } = selection;
    json.bytesOf(this.entries++ === 0 ? FIRST_SKU : NEXT_SKU);
    json.string(sku);
    if (selected === undefined) json.bytesOf(NO_PRICE);
    else {
      json.bytesOf(PRICED);
      json.number(selected.amount);
      json.bytesOf(CURRENCY);
      json.string(this.currency);
      if (writesIds(selected)) {
        json.bytesOf(END_OF_PRICE);
        selected.writeIds(json);
      } else {
        json.bytesOf(SELECTED_PRICE_ID);
        json.string(selected.priceId);
        json.bytesOf(PRICE_LIST_ID);
        json.string(selected.priceListId);
      }
      json.bytesOf(LEVEL);
      json.string(selected.level);
      json.bytesOf(selected.country !== null ? COUNTRY_MATCHED : NO_COUNTRY_MATCHED);
      json.bytesOf(selected.dated ? DATED : UNDATED);
    }
    if (rejected !== undefined) {
      json.bytesOf(REJECTED);
      if ('writeRejected' in rejected) rejected.writeRejected(json, this.query);
      else this.rejectedList(rejected);
    }
    json.bytesOf(FLOOR);
    this.nullableNumber(bound?.floor);
    json.bytesOf(CEILING);
    this.nullableNumber(bound?.ceiling);
    const referenceAmount =
      selected !== undefined && point !== undefined && point.amount === selected.amount
        ? point.referenceAmount
        : null;
    const startedAt = point?.reductionStartedAt ?? null;
    if (referenceAmount === null) json.bytesOf(NO_REFERENCE);
    else {
      json.bytesOf(REFERENCE_AMOUNT);
      json.number(referenceAmount);
      json.bytesOf(CURRENCY);
      json.string(this.currency);
      json.bytesOf(REDUCTION_STARTED_AT);
      if (startedAt === null) json.raw('null');
      else {
        json.quote();
        json.instantText(startedAt.getTime());
        json.quote();
      }
    }
    if (fairness !== undefined && selected !== undefined) {
      json.bytesOf(FAIRNESS);
      json.number(fairness.memberPrice);
      json.bytesOf(BASELINE_PRICE);
      json.number(fairness.baselinePrice);
      json.bytesOf(BASELINE_GROUP);
      if (fairness.baselineGroup === null) json.raw('null');
      else json.string(fairness.baselineGroup);
      json.bytesOf(fairness.corrected ? CORRECTED : NOT_CORRECTED);
    }
    json.raw('}');
  }

  /**
   * The answer's bytes; the writer is then free for the next answer. They stay the answer's
   * until `release`: give them back once sent, or never (the collector then takes them).
   */
  finish(): Buffer {
    this.json.raw(']}');
    return this.json.detach();
  }

  /** How many answer buffers wait to be written again. */
  get pooled(): number {
    return this.pool.size;
  }

  /** Takes back the bytes of an answer that has been sent; anything else is ignored. */
  release(answer: Buffer): void {
    this.pool.give(answer);
  }

  private rejectedList(rejected: readonly RejectedCandidate[]): void {
    const { json } = this;
    json.raw('[');
    for (let i = 0; i < rejected.length; i++) {
      const { priceId, priceListId, amount, reason } = rejected[i];
      if (i > 0) json.raw(',');
      openRejected(json, priceId, priceListId, amount);
      json.text(reason);
      closeRejected(json);
    }
    json.raw(']');
  }

  private nullableNumber(value: number | undefined): void {
    if (value === undefined) this.json.raw('null');
    else this.json.number(value);
  }
}
