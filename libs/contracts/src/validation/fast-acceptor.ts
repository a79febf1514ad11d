import type { z } from 'zod';

/** What an acceptor returns when it cannot vouch for the input; zod then decides. */
export const UNSURE: unique symbol = Symbol('unsure');

/** The parsed value when the input surely passes the schema, else UNSURE. */
export type FastAcceptor = (input: unknown) => unknown;

type Schema = z.core.$ZodType;
type Check = z.core.$ZodCheck<unknown>;
type Payload = z.core.ParsePayload;

// What safeParse hands a schema: only the error map differs, and it touches messages alone.
const syncContext: z.core.ParseContextInternal = { async: false };

function delegated(schema: Schema): FastAcceptor {
  return (input) => {
    const result = schema._zod.run({ value: input, issues: [] }, syncContext);
    if (result instanceof Promise || result.issues.length > 0) return UNSURE;
    return result.value;
  };
}

/** True when the check surely passes; false when zod's own check has to say. */
type SurePass = (value: unknown) => boolean;

// The checks every event has many of, answered without a payload. Each says "surely passes"
// only where zod's check passes too: zod counts code points, of which a string has at most
// its length and at least half of it.
function surePassOf(check: Check): SurePass | undefined {
  // A function passed to `.check()` becomes a bare check object, without traits.
  const traits: ReadonlySet<string> =
    (check._zod as { traits?: ReadonlySet<string> }).traits ?? new Set();
  const def = check._zod.def as { minimum?: number; maximum?: number; pattern?: RegExp };
  const { minimum, maximum, pattern } = def;
  if (traits.has('$ZodCheckMaxLength') && maximum !== undefined) {
    return (value) => typeof value === 'string' && value.length <= maximum;
  }
  if (traits.has('$ZodCheckMinLength') && minimum !== undefined) {
    return (value) => typeof value === 'string' && value.length >= 2 * minimum;
  }
  const patternOnly =
    traits.has('$ZodCheckRegex') || traits.has('$ZodISODateTime') || traits.has('$ZodISODate');
  if (patternOnly && pattern !== undefined) {
    return (value) => {
      pattern.lastIndex = 0;
      return typeof value === 'string' && pattern.test(value);
    };
  }
  return undefined;
}

// zod's own checks (lengths, formats, refinements), run as zod runs them on a clean payload.
function withChecks(parse: FastAcceptor, checks: readonly Check[]): FastAcceptor {
  if (checks.length === 0) return parse;
  const sure = checks.map(surePassOf);
  return (input) => {
    let value = parse(input);
    if (value === UNSURE) return UNSURE;
    for (let i = 0; i < checks.length; i++) {
      if (sure[i]?.(value) === true) continue;
      const check = checks[i];
      const payload: Payload = { value, issues: [] };
      const when = check._zod.def.when;
      if (when !== undefined && !when(payload)) continue;
      if ((check._zod.check(payload) as unknown) instanceof Promise) return UNSURE;
      if (payload.issues.length > 0) return UNSURE;
      value = payload.value;
    }
    return value;
  };
}

// Keys zod reads through `in` and `[]` alike only when the prototype does not answer for them.
const inherited = (key: string) => key === '__proto__' || key in Object.prototype;

/**
 * Generated per object schema, as zod's own object parser is: one monomorphic function that
 * counts the input's keys, reads each known key once and builds the output in shape order.
 * Keys the schema does not know are copied after them when it keeps them (`z.looseObject`);
 * otherwise zod strips or rejects them, and decides.
 */
function objectAcceptor(def: z.core.$ZodObjectDef): FastAcceptor | undefined {
  const catchall = def.catchall?._zod.def.type;
  if (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown') return undefined;
  const fields = Object.entries(def.shape);
  if (fields.some(([key]) => inherited(key))) return undefined;
  const known = new Set(fields.map(([key]) => key));
  const accepts = fields.map(([, schema]) => fastAcceptorOf(schema));
  const lines = [
    'if (typeof input !== "object" || input === null || Array.isArray(input)) return UNSURE;',
    'let unknown = 0;',
    'for (const key in input) unknown++;',
    'const output = {};',
    'let value;',
  ];
  fields.forEach(([key, schema], i) => {
    const k = JSON.stringify(key);
    const { optin, optout } = schema._zod;
    // Absent, a key is left out (`.optional()`) or given its default, as zod does; a key present
    // with the value undefined is zod's to judge.
    const absent =
      optin === 'optional' && optout === 'optional'
        ? ''
        : optin === 'defaulted' && optout !== 'optional'
          ? `value = accepts[${i}](undefined); if (value === UNSURE) return UNSURE; output[${k}] = value;`
          : 'return UNSURE;';
    lines.push(
      `value = input[${k}];`,
      `if (value === undefined) { if (${k} in input) return UNSURE; ${absent} }`,
      `else { unknown--; value = accepts[${i}](value); if (value === UNSURE) return UNSURE; output[${k}] = value; }`,
    );
  });
  if (catchall === 'unknown') {
    lines.push(
      'if (unknown !== 0) for (const key in input) {',
      '  if (known.has(key)) continue;',
      '  value = input[key];',
      '  if (key === "__proto__" || value === undefined) return UNSURE;',
      '  output[key] = value;',
      '}',
      'return output;',
    );
  } else {
    lines.push('return unknown === 0 ? output : UNSURE;');
  }
  // Built from the schema's own keys, each quoted by JSON.stringify.
  const build = new Function(
    'UNSURE',
    'accepts',
    'known',
    `return (input) => {\n${lines.join('\n')}\n};`,
  );
  return build(UNSURE, accepts, known) as FastAcceptor;
}

function arrayAcceptor(element: Schema): FastAcceptor {
  const accept = fastAcceptorOf(element);
  return (input) => {
    if (!Array.isArray(input)) return UNSURE;
    const output: unknown[] = new Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const parsed = accept(input[i]);
      if (parsed === UNSURE) return UNSURE;
      output[i] = parsed;
    }
    return output;
  };
}

function valuesAcceptor(values: ReadonlySet<unknown>): FastAcceptor {
  return (input) => (values.has(input) ? input : UNSURE);
}

// The structural part of each schema kind zod parses without side effects; the rest goes to zod.
function parseAcceptor(schema: Schema): FastAcceptor | undefined {
  const def = schema._zod.def as z.core.$ZodTypeDef & { coerce?: boolean };
  if (def.coerce === true) return undefined;
  switch (def.type) {
    case 'string':
      return (input) => (typeof input === 'string' ? input : UNSURE);
    case 'number':
      return (input) => (typeof input === 'number' && Number.isFinite(input) ? input : UNSURE);
    case 'boolean':
      return (input) => (typeof input === 'boolean' ? input : UNSURE);
    case 'literal':
    case 'enum':
      return schema._zod.values === undefined ? undefined : valuesAcceptor(schema._zod.values);
    case 'object':
      return objectAcceptor(def as z.core.$ZodObjectDef);
    case 'array':
      return arrayAcceptor((def as z.core.$ZodArrayDef).element);
    case 'optional': {
      const inner = (def as z.core.$ZodOptionalDef).innerType;
      if (inner._zod.optin === 'defaulted') return undefined;
      const accept = fastAcceptorOf(inner);
      return (input) => (input === undefined ? UNSURE : accept(input));
    }
    case 'nullable': {
      const accept = fastAcceptorOf((def as z.core.$ZodNullableDef).innerType);
      return (input) => (input === null ? null : accept(input));
    }
    default:
      return undefined;
  }
}

/**
 * A function that accepts what `schema.safeParse` surely accepts, returning the same data, and
 * answers UNSURE for everything else (keys zod would strip or reject, a key present as
 * undefined, anything invalid), so zod still gives every rejection and its message. It runs
 * zod's own checks and hands the schema kinds it does not walk (defaults, transforms, records,
 * unions) to zod, so the verdict has one source: the schema.
 */
export function fastAcceptorOf(schema: Schema): FastAcceptor {
  const parse = parseAcceptor(schema);
  if (parse === undefined) return delegated(schema);
  const own = schema._zod.traits.has('$ZodCheck') ? [schema as unknown as Check] : [];
  const checks = (schema._zod.def.checks ?? []) as unknown as readonly Check[];
  return withChecks(parse, [...own, ...checks]);
}
