import { scrapeMetrics } from '../platform/prometheus-text';

const RESOLVED = 'omni_identity_resolved_events_total';

async function resolvedSoFar(identityUrl: string): Promise<number | undefined> {
  try {
    return (await scrapeMetrics(identityUrl))
      .filter((s) => s.name === RESOLVED)
      .reduce((sum, s) => sum + s.value, 0);
  } catch {
    return undefined;
  }
}

/**
 * Waits until identity-resolution has worked off its backlog: its resolved-events counter has
 * not moved for `quietMs`. Other scenarios (b sends 20,000 events through ingest) feed the same
 * topic, and an end-to-end latency measured behind that backlog would measure the backlog.
 */
export async function waitForIdentityIdle(
  identityUrl: string,
  options: { quietMs?: number; timeoutMs: number; log?: (line: string) => void },
): Promise<{ waitedMs: number; idle: boolean }> {
  const quietMs = options.quietMs ?? 3_000;
  const started = Date.now();
  let last = await resolvedSoFar(identityUrl);
  let lastChange = Date.now();
  let lastLog = Date.now();
  const first = last;
  while (Date.now() - lastChange < quietMs) {
    if (Date.now() - started >= options.timeoutMs)
      return { waitedMs: Date.now() - started, idle: false };
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await resolvedSoFar(identityUrl);
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    }
    if (Date.now() - lastLog >= 10_000 && first !== undefined && now !== undefined) {
      lastLog = Date.now();
      options.log?.(
        `  waiting for identity-resolution to work off its backlog: ${now - first} events resolved so far`,
      );
    }
  }
  return { waitedMs: Date.now() - started, idle: true };
}
