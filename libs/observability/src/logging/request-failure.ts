/** Why a request failed, as the error filter answered it. */
export type RequestFailure = {
  /** The stable code of the error body. */
  code: string;
  /** Our own description of a 5xx; never set for 4xx, whose messages may quote the input. */
  message?: string;
  /** The unexpected error behind a 500, logged with its stack. */
  error?: unknown;
};

const failures = new WeakMap<object, RequestFailure>();

/**
 * Called by the error filter with the Fastify request, so that the request's single log line
 * carries the code (and for a 5xx what failed) instead of the filter logging a line of its own.
 */
export function recordRequestFailure(request: object, failure: RequestFailure): void {
  failures.set(request, failure);
}

export function requestFailureOf(request: object): RequestFailure | undefined {
  return failures.get(request);
}
