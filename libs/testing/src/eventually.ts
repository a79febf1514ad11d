/** Polls until `check` returns a value (not `undefined`) or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until a count (rows applied, events resolved) has reached `target`; returns it. */
export function countReaches(
  count: () => Promise<number>,
  target: number,
  what: string,
  timeoutMs = 30_000,
): Promise<number> {
  return eventually(
    async () => {
      const n = await count();
      return n >= target ? n : undefined;
    },
    what,
    timeoutMs,
  );
}

/**
 * Reads until `check` passes or `timeoutMs` runs out, and answers the last value read either
 * way, so the spec's own assertion on it reports what differs.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
