type ErrorFields = {
  code?: unknown;
  severity?: unknown;
  cause?: unknown;
  driverError?: unknown;
};

// SQLSTATE classes of a database that cannot serve right now: connection exception,
// transaction rollback (serialization failure, deadlock victim), insufficient resources, object
// not in prerequisite state (lock not available), operator intervention (statement timeout,
// shutdown), system error, internal error. A retry can get past them.
const TRANSIENT_SQL_CLASSES = new Set(['08', '40', '53', '55', '57', '58', 'XX']);

/** The error and what caused it (clients and pipelines wrap), at most a few levels down. */
export function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = error; at !== undefined && at !== null && chain.length < 8;) {
    chain.push(at);
    if (typeof at !== 'object') break;
    const { cause, driverError } = at as ErrorFields;
    at = cause ?? driverError;
  }
  return chain;
}

/**
 * The SQLSTATE of a Postgres error, or of the first one in its chain: pg reports it as `code`
 * with a `severity` (TypeORM's QueryFailedError copies both); Node's own errors have a code and
 * no severity.
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (const cause of errorChain(error)) {
    if (typeof cause !== 'object' || cause === null) continue;
    const { code, severity } = cause as ErrorFields;
    if (typeof code === 'string' && typeof severity === 'string') return code;
  }
  return undefined;
}

/** Whether a SQLSTATE is a condition a retry can get past (see TRANSIENT_SQL_CLASSES). */
export function isTransientSqlState(state: string): boolean {
  return TRANSIENT_SQL_CLASSES.has(state.slice(0, 2));
}

// pg's own messages for a pool that could not lend a connection in time, or lost one.
const TRANSIENT_CLIENT_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
];

/**
 * Why an operation failed on a database condition a retry can get past (a transient SQLSTATE,
 * or the pool's timeout or a lost connection), for the log; undefined for anything else, such
 * as a constraint violation or a bug.
 */
export function transientDatabaseFailure(error: unknown): string | undefined {
  const state = sqlStateOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (state !== undefined)
    return isTransientSqlState(state) ? `${message} (SQLSTATE ${state})` : undefined;
  return errorChain(error).some(
    (cause) =>
      cause instanceof Error && TRANSIENT_CLIENT_MESSAGES.some((m) => cause.message.startsWith(m)),
  )
    ? message
    : undefined;
}
