import type { ValidationError } from '../validation/issue-format';
import { formatPath } from '../validation/issue-format';
import { describeValue } from '../shared/value-description';

/**
 * The limits every event keeps, on every topic, defined once. `validateEvent` and
 * `parseEvent` (and their downstream twins) check them, so ingest refuses at the edge exactly
 * what a consumer could not process, and consumers read with the same rules. Events beyond
 * them could never be delivered end to end (Postgres or Kafka refuses them, or a recursive
 * encoder overflows the stack), so enforcing them narrows nothing that ever worked.
 */

/** Objects and arrays nest at most this deep in an event; the envelope itself is level 1. */
export const MAX_EVENT_DEPTH = 32;

/**
 * An eventId has at most this many UTF-16 code units: what JavaScript's and Java's
 * `String.length` count, and the stricter of the usual measures (code points count a
 * character outside the Basic Multilingual Plane, such as 𝕏 or an emoji, once; UTF-16 twice),
 * so every consumer, whichever way it counts, accepts it.
 */
export const MAX_EVENT_ID_LENGTH = 128;

/**
 * The UTF-8 bytes of an event's JSON as published: a quarter of Kafka's default
 * `max.message.bytes` (1 MiB), so the fields services add downstream (customerId,
 * correlationId, ...) and record overhead always fit.
 */
export const MAX_EVENT_BYTES = 262_144;

/** The most limit problems one event reports: enough to fix it, bounded for junk input. */
const MAX_REPORTED = 10;

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const suspect = /[\u0000\uD800-\uDFFF]/;
const surrogate = /[\uD800-\uDFFF]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be an event's text, or undefined. Postgres text and jsonb refuse NUL;
 * a lone surrogate is not Unicode, jsonb refuses its escape and UTF-8 cannot encode it (Node
 * silently writes U+FFFD instead, so two different values would become one).
 */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000), which is not allowed';
  if (surrogate.test(value) && loneSurrogate.test(value))
    return 'contains a lone UTF-16 surrogate, which is not Unicode text';
  return undefined;
}

/** Why `eventId` is too long, or undefined; measured in UTF-16 code units. */
export function eventIdLengthProblem(eventId: string): string | undefined {
  return eventId.length > MAX_EVENT_ID_LENGTH
    ? `expected at most ${MAX_EVENT_ID_LENGTH} UTF-16 code units (a character outside the Basic Multilingual Plane, such as an emoji, counts two), got ${eventId.length}`
    : undefined;
}

type Container = { node: object; keys: readonly string[] | undefined; next: number };

const isContainer = (value: unknown): value is object =>
  typeof value === 'object' && value !== null;

function containerOf(node: object): Container {
  return { node, keys: Array.isArray(node) ? undefined : Object.keys(node), next: 0 };
}

/**
 * Whether every key and string of `node` is clean and nothing nests deeper than the limit.
 * The common case, so it is cheap: one regex per string, no paths; recursion stops at the
 * depth limit, so the stack stays shallow whatever the input.
 */
function withinLimits(node: object, depth: number): boolean {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (!withinLimitsValue(node[i], depth)) return false;
    return true;
  }
  for (const key in node) {
    if (suspect.test(key)) return false;
    if (!withinLimitsValue((node as Record<string, unknown>)[key], depth)) return false;
  }
  return true;
}

function withinLimitsValue(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return !suspect.test(value);
  if (!isContainer(value)) return true;
  return depth < MAX_EVENT_DEPTH && withinLimits(value, depth + 1);
}

/**
 * Nesting depth and text of every key and string in an event. Problems are then located by
 * a walk without recursion, so that input nested thousands deep is reported, not a stack
 * overflow.
 */
export function eventLimitErrors(event: object): ValidationError[] {
  return withinLimits(event, 1) ? [] : locateLimitErrors(event);
}

function locateLimitErrors(event: object): ValidationError[] {
  const errors: ValidationError[] = [];
  const stack: Container[] = [containerOf(event)];
  // The keys from the envelope to the value being looked at.
  const path: PropertyKey[] = [];
  while (stack.length > 0 && errors.length < MAX_REPORTED) {
    const top = stack[stack.length - 1];
    const size = top.keys === undefined ? (top.node as unknown[]).length : top.keys.length;
    if (top.next === size) {
      stack.pop();
      path.pop();
      continue;
    }
    const key: string | number = top.keys === undefined ? top.next : top.keys[top.next];
    top.next += 1;
    const value = (top.node as Record<string | number, unknown>)[key];
    if (typeof key === 'string') {
      const problem = textProblem(key);
      if (problem !== undefined)
        errors.push({ path: formatPath(path), message: `a key ${problem}` });
    }
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem !== undefined)
        errors.push({ path: formatPath([...path, key]), message: problem });
    } else if (isContainer(value)) {
      if (stack.length >= MAX_EVENT_DEPTH) {
        errors.push({
          path: formatPath([...path, key]),
          message: `nests objects and arrays deeper than ${MAX_EVENT_DEPTH} levels (the envelope is level 1); flatten it`,
        });
      } else {
        stack.push(containerOf(value));
        path.push(key);
      }
    }
  }
  return errors;
}

export type EncodedEvent =
  | { readonly ok: true; readonly json: string }
  | { readonly ok: false; readonly errors: ValidationError[] };

/**
 * The JSON an event is published as, if it fits MAX_EVENT_BYTES. Encoding once, before the
 * event is handed to a transaction or a Kafka request it shares with others, means its
 * size is known and nothing can fail later on its account.
 */
export function encodeEvent(event: object): EncodedEvent {
  const json = JSON.stringify(event);
  // A UTF-16 code unit is at most 3 bytes of UTF-8, so most events are decided without counting.
  if (json.length * 3 <= MAX_EVENT_BYTES) return { ok: true, json };
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= MAX_EVENT_BYTES) return { ok: true, json };
  return {
    ok: false,
    errors: [
      {
        path: '(root)',
        message: `is ${bytes} bytes as JSON; an event may have at most ${MAX_EVENT_BYTES} bytes (UTF-8)`,
      },
    ],
  };
}

/** A copy of received input that nests at most MAX_EVENT_DEPTH deep, e.g. to keep a rejected event. */
export function withinEventDepth(value: unknown, depth = 1): unknown {
  if (!isContainer(value)) return value;
  if (depth > MAX_EVENT_DEPTH)
    return `(${describeValue(value)} nested deeper than ${MAX_EVENT_DEPTH} levels, not kept)`;
  if (Array.isArray(value)) return value.map((item) => withinEventDepth(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    Object.defineProperty(copy, key, {
      value: withinEventDepth(inner, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}
