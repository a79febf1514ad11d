export { HealthModule, type HealthModuleOptions } from './health.module';
export {
  ConsumerReadinessProbe,
  KafkaReadinessProbe,
  OutboxLagProbe,
  type ConsumerReadiness,
  type OutboxLag,
} from './readiness-probes';
export {
  healthSettingsDefinition,
  healthSettings,
  type HealthSettings,
  type HealthThresholds,
} from './health-settings';
