export { HealthModule, type HealthModuleOptions } from './health.module';
export { KafkaReadinessProbe, OutboxLagProbe, type OutboxLag } from './readiness-probes';
export {
  healthEnv,
  healthSettings,
  type HealthSettings,
  type HealthThresholds,
} from './health-settings';
