import type { GuardedSelection } from '../fairness/fairness-guard';
import { JsonBytes } from './json-bytes';
import type { RejectedCandidate, SelectionQuery } from './select-price';
import type { SelectionReads } from './selection.repository';

/** Writes a `rejected` list itself, from what it keeps (the catalog's columns: CompactSelector). */
export type RejectedWriter = { writeRejected(json: JsonBytes, query: SelectionQuery): void };

/**
 * The losers an entry lists: the selection's own, or written by the catalog; undefined: none
 * (`explain: false`: the entry has no `rejected`).
 */
export type Rejections = readonly RejectedCandidate[] | RejectedWriter | undefined;

type Point = SelectionReads['points'] extends Map<string, infer P> ? P : never;

/** Opens one item of `rejected`, up to its reason's text. */
export function openRejected(
  json: JsonBytes,
  priceId: string,
  priceListId: string,
  amount: number,
): void {
  json.raw('{"priceId":');
  json.string(priceId);
  json.raw(',"priceListId":');
  json.string(priceListId);
  json.raw(',"amount":');
  json.number(amount);
  json.raw(',"reason":"');
}

/** Closes what openRejected opened, after its reason's text. */
export function closeRejected(json: JsonBytes): void {
  json.raw('"}');
}

/**
 * Select's answer (SelectResponseDto) as JSON bytes, written as the entries are chosen: the
 * bytes JSON.stringify writes for the DTO's objects, without the objects (ADR 0034). One writer
 * per service; an answer is written start to finish without an await, so answers never mix.
 */
export class SelectAnswerWriter {
  private readonly json = new JsonBytes();
  private currency = '';
  private query: SelectionQuery | undefined;
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
    json.raw(this.entries++ === 0 ? '{"sku":' : ',{"sku":');
    json.string(sku);
    if (selected === undefined) json.raw(',"status":"no_price"');
    else {
      json.raw(',"status":"priced","price":{"amount":');
      json.number(selected.amount);
      json.raw(',"currency":');
      json.string(this.currency);
      json.raw('},"priceId":');
      json.string(selected.priceId);
      json.raw(',"priceListId":');
      json.string(selected.priceListId);
      json.raw(',"level":');
      json.string(selected.level);
      json.raw(selected.country !== null ? ',"countryMatched":true' : ',"countryMatched":false');
      json.raw(selected.dated ? ',"dated":true' : ',"dated":false');
    }
    if (rejected !== undefined) {
      json.raw(',"rejected":');
      if ('writeRejected' in rejected) rejected.writeRejected(json, this.query!);
      else this.rejectedList(rejected);
    }
    json.raw(',"floor":');
    this.nullableNumber(bound?.floor);
    json.raw(',"ceiling":');
    this.nullableNumber(bound?.ceiling);
    const reference =
      selected !== undefined &&
      point !== undefined &&
      point.amount === selected.amount &&
      point.referenceAmount !== null
        ? point
        : undefined;
    if (reference === undefined) json.raw(',"referencePrice":null,"reductionStartedAt":null');
    else {
      json.raw(',"referencePrice":{"amount":');
      json.number(reference.referenceAmount!);
      json.raw(',"currency":');
      json.string(this.currency);
      json.raw('},"reductionStartedAt":');
      if (reference.reductionStartedAt === null) json.raw('null');
      else {
        json.quote();
        json.instantText(reference.reductionStartedAt.getTime());
        json.quote();
      }
    }
    if (fairness !== undefined && selected !== undefined) {
      json.raw(',"fairness":{"memberPrice":');
      json.number(fairness.memberPrice);
      json.raw(',"baselinePrice":');
      json.number(fairness.baselinePrice);
      json.raw(',"baselineGroup":');
      if (fairness.baselineGroup === null) json.raw('null');
      else json.string(fairness.baselineGroup);
      json.raw(fairness.corrected ? ',"corrected":true' : ',"corrected":false');
      json.raw('}');
    }
    json.raw('}');
  }

  /** The answer's bytes; the writer is then free for the next answer. */
  finish(): Buffer {
    this.json.raw(']}');
    return this.json.bytes();
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
