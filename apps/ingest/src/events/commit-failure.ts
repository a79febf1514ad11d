/**
 * What a failed group commit means:
 * - `unavailable`: the database or the broker could not do its part (connection lost, timeout,
 *   overload, shutdown). Nothing is wrong with the events: answer 503, retry later.
 * - `client-fault`: the data was refused (a Postgres data exception, a record Kafka will not
 *   take). It is the fault of the request it happened to when that request was committed alone.
 * - `internal`: a bug of ours, e.g. a TypeError. Also committed alone so that others go on.
 */
export type CommitFailure = 'unavailable' | 'client-fault' | 'internal';

// SQLSTATE classes of a database that cannot serve right now: connection exception,
// transaction rollback (serialization, deadlock), insufficient resources, object not in
// prerequisite state (lock not available), operator intervention, system error, internal error.
const UNAVAILABLE_SQL_CLASSES = new Set(['08', '40', '53', '55', '57', '58', 'XX']);
// Class 22, data exception: e.g. 22021 a NUL or invalid UTF-8, 22P05 an untranslatable character.
const DATA_EXCEPTION_CLASS = '22';

// Kafka error codes about a record itself, not about the broker.
const RECORD_FAULTS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
]);

const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];

type ErrorFields = { code?: unknown; severity?: unknown; type?: unknown; cause?: unknown };

/** The error and what caused it (kafkajs and the pipeline wrap), at most a few levels down. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = error; at !== undefined && at !== null && chain.length < 8;) {
    chain.push(at);
    at = typeof at === 'object' ? (at as ErrorFields).cause : undefined;
  }
  return chain;
}

/** Postgres reports a SQLSTATE with a severity; Node's own errors have a code and no severity. */
function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, severity } = error as ErrorFields;
  return typeof code === 'string' && typeof severity === 'string' ? code : undefined;
}

export function classifyCommitFailure(error: unknown): CommitFailure {
  const chain = causes(error);
  for (const cause of chain) {
    const state = sqlState(cause);
    if (state !== undefined) {
      if (state.startsWith(DATA_EXCEPTION_CLASS)) return 'client-fault';
      return UNAVAILABLE_SQL_CLASSES.has(state.slice(0, 2)) ? 'unavailable' : 'internal';
    }
    const { type } = (cause ?? {}) as ErrorFields;
    if (typeof type === 'string' && RECORD_FAULTS.has(type)) return 'client-fault';
  }
  const root = chain[chain.length - 1];
  if (PROGRAMMING_ERRORS.some((kind) => root instanceof kind)) return 'internal';
  // Sockets closed, connections refused, pools or acknowledgements timed out.
  return 'unavailable';
}
