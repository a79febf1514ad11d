/**
 * kafkajs 2.2.4 re-arms a timer after every check of a connection's pending requests, also when
 * nothing is pending and nothing is throttled: it computes `throttledUntil − now` (negative),
 * and Node runs a negative delay after 1 ms. So every broker connection that has had a response
 * checks its empty queue a thousand times a second for ever (kafkajs issues #1704 and #1751; on
 * Node 24 each one also prints TimeoutNegativeWarning). This replaces that one method so an
 * idle, unthrottled connection arms no timer: a request that must wait is queued by `push`,
 * which schedules a check, and every response checks the queue again.
 *
 * kafkajs offers no hook for it, so this patches `RequestQueue.prototype` (kafkajs is pinned
 * to exactly 2.2.4; see ADR 0003 for the same approach to the produce encoder).
 */
type RequestQueue = {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
};

const RequestQueueClass = require('kafkajs/src/network/requestQueue') as {
  prototype: RequestQueue;
};

/** kafkajs's own retry interval for a queue that has requests waiting. */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

const original = RequestQueueClass.prototype.scheduleCheckPendingRequests;

function scheduleCheckPendingRequests(this: RequestQueue): void {
  if (this.throttleCheckTimeoutId) return;
  let scheduleAt = this.throttledUntil - Date.now();
  if (this.pending.length > 0) {
    scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
  } else if (scheduleAt <= 0) {
    return;
  }
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, scheduleAt);
}

/** Installs the fix (idempotent); `false` puts kafkajs's own method back, for a comparison. */
export function installRequestQueueIdleFix(enabled = true): void {
  RequestQueueClass.prototype.scheduleCheckPendingRequests = enabled
    ? scheduleCheckPendingRequests
    : original;
}
