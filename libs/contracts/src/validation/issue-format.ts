import type { z } from 'zod';
import { describeValue } from '../shared/value-description';

/** One reason an event was rejected, e.g. `payload.lines[0].unitPrice.amount`. */
export interface ValidationError {
  readonly path: string;
  readonly message: string;
}

const expectedNouns: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

const formatNouns: Record<string, string> = {
  email: 'an email address',
  url: 'an absolute URL',
  datetime: 'an ISO 8601 date-time with a UTC offset',
  date: 'a calendar date YYYY-MM-DD',
};

function sizeMessage(
  bound: 'at least' | 'at most',
  limit: number | bigint,
  inclusive: boolean | undefined,
  origin: string,
  input: unknown,
): string {
  if (origin === 'string' && typeof input === 'string') {
    return `expected ${bound} ${limit} characters, got ${input.length}`;
  }
  if (origin === 'array' && Array.isArray(input)) {
    return `expected ${bound} ${limit} items, got ${input.length}`;
  }
  const comparison =
    inclusive === false ? (bound === 'at least' ? 'more than' : 'less than') : bound;
  return `expected ${comparison} ${limit}, got ${describeValue(input)}`;
}

/**
 * Messages a person can act on, for every check that has no message of its own. Passed per
 * parse, so schema-level messages (money, timestamps) still win.
 */
export const humanErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `expected ${expectedNouns[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return sizeMessage('at least', issue.minimum, issue.inclusive, issue.origin, issue.input);
    case 'too_big':
      return sizeMessage('at most', issue.maximum, issue.inclusive, issue.origin, issue.input);
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}, got ${describeValue(issue.input)}`
        : `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'invalid_format':
      return `expected ${formatNouns[issue.format] ?? `the ${issue.format} format`}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys':
      return 'is not a field of this event; check its spelling';
    case 'invalid_key':
      return `has an invalid key: ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
};

const plainKey = /^[A-Za-z_$][\w$-]*$/;

// Keys are received values too: a longer one is quoted by describeValue, cut with its length.
const maxShownKeyLength = 40;

/**
 * `['payload', 'lines', 0, 'sku']` → `payload.lines[0].sku`; the whole event is `(root)`. A
 * long key is shown as `["its start"… (N characters)]`, so a path never repeats a large value.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const segment of path) {
    if (typeof segment === 'number') formatted += `[${segment}]`;
    else if (
      typeof segment === 'string' &&
      segment.length <= maxShownKeyLength &&
      plainKey.test(segment)
    ) {
      formatted += formatted === '' ? segment : `.${segment}`;
    } else formatted += `[${describeValue(String(segment))}]`;
  }
  return formatted === '' ? '(root)' : formatted;
}

/** One error per problem; an unknown-keys issue becomes one error per key. */
export function toValidationErrors(issues: readonly z.core.$ZodIssue[]): ValidationError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: issue.message,
        }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}
