import { env, parseEnv } from '@omni/config';

export type HealthThresholds = {
  /** Unpublished outbox rows above which the service is not ready. Default 10,000. */
  outboxLagThresholdRows?: number;
  /** Age in ms of the oldest unpublished row above which the service is not ready. Default 60 s. */
  outboxLagThresholdMs?: number;
};

export type HealthSettings = {
  maxOutboxLagRows: number;
  maxOutboxLagMs: number;
  /** How long any one readiness check may take before it counts as down. */
  probeTimeoutMs: number;
};

export const HEALTH_SETTINGS = Symbol('HEALTH_SETTINGS');

/** The variables HealthModule reads; the code's thresholds are their defaults. */
export const healthEnv = (thresholds: HealthThresholds = {}) => ({
  HEALTH_OUTBOX_MAX_LAG_ROWS: env.int(thresholds.outboxLagThresholdRows ?? 10_000, 1),
  HEALTH_OUTBOX_MAX_LAG_MS: env.int(thresholds.outboxLagThresholdMs ?? 60_000, 1_000),
  HEALTH_PROBE_TIMEOUT_MS: env.int(2_000, 100, 30_000),
});

/** Environment wins over the thresholds in code, so operators can tune a deployment without a release. */
export function healthSettings(
  thresholds: HealthThresholds = {},
  source: Record<string, string | undefined> = process.env,
): HealthSettings {
  const parsed = parseEnv(healthEnv(thresholds), source);
  return {
    maxOutboxLagRows: parsed.HEALTH_OUTBOX_MAX_LAG_ROWS,
    maxOutboxLagMs: parsed.HEALTH_OUTBOX_MAX_LAG_MS,
    probeTimeoutMs: parsed.HEALTH_PROBE_TIMEOUT_MS,
  };
}
