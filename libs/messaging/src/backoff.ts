export type BackoffPolicy = { initialBackoffMs: number; maxBackoffMs: number };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed so retries keep spreading
 * out, the other half is random so replicas that failed together do not retry together.
 * `attempt` counts from 1 (the delay after the first failure).
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
