import { env, parseConfig, setting, type ConfigOf } from '@omni/config';

export type HealthThresholds = {
  /** Unpublished outbox rows above which the service is not ready. Default 10,000. */
  outboxLagThresholdRows?: number;
  /** Age in ms of the oldest unpublished row above which the service is not ready. Default 60 s. */
  outboxLagThresholdMs?: number;
};

export const HEALTH_SETTINGS = Symbol('HEALTH_SETTINGS');

/** The readiness settings of a service (a subtree of its config); the code's thresholds are their defaults. */
export const healthSettingsDefinition = (thresholds: HealthThresholds = {}) => ({
  maxOutboxLagRows: setting(
    'HEALTH_OUTBOX_MAX_LAG_ROWS',
    env.int(thresholds.outboxLagThresholdRows ?? 10_000, 1),
    'Unpublished outbox rows above which the service is not ready',
  ),
  maxOutboxLagMs: setting(
    'HEALTH_OUTBOX_MAX_LAG_MS',
    env.int(thresholds.outboxLagThresholdMs ?? 60_000, 1_000),
    'Age of the oldest unpublished outbox row (ms) above which the service is not ready',
  ),
  probeTimeoutMs: setting(
    'HEALTH_PROBE_TIMEOUT_MS',
    env.int(2_000, 100, 30_000),
    'How long any one readiness check may take before it counts as down (ms)',
  ),
});

export type HealthSettings = ConfigOf<ReturnType<typeof healthSettingsDefinition>>;

/** For HealthModule used outside the service platform: the environment wins over the code's thresholds. */
export function healthSettings(
  thresholds: HealthThresholds = {},
  source: Record<string, string | undefined> = process.env,
): HealthSettings {
  return parseConfig(healthSettingsDefinition(thresholds), source);
}
