import { errorChain, isTransientSqlState, sqlStateOf } from '@omni/database';

/**
 * What a failed group commit means:
 * - `unavailable`: the database or the broker could not do its part (connection lost, timeout,
 *   overload, shutdown). Nothing is wrong with the events: answer 503, retry later.
 * - `client-fault`: the data was refused (a Postgres data exception, a record Kafka will not
 *   take). It is the fault of the request it happened to when that request was committed alone.
 * - `internal`: a bug of ours, e.g. a TypeError. Also committed alone so that others go on.
 */
export type CommitFailure = 'unavailable' | 'client-fault' | 'internal';

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

type ErrorFields = { type?: unknown };

export function classifyCommitFailure(error: unknown): CommitFailure {
  const chain = errorChain(error);
  for (const cause of chain) {
    const state = sqlStateOf(cause);
    if (state !== undefined) {
      if (state.startsWith(DATA_EXCEPTION_CLASS)) return 'client-fault';
      return isTransientSqlState(state) ? 'unavailable' : 'internal';
    }
    const { type } = (cause ?? {}) as ErrorFields;
    if (typeof type === 'string' && RECORD_FAULTS.has(type)) return 'client-fault';
  }
  const root = chain[chain.length - 1];
  if (PROGRAMMING_ERRORS.some((kind) => root instanceof kind)) return 'internal';
  // Sockets closed, connections refused, pools or acknowledgements timed out.
  return 'unavailable';
}
