export { ConfigError, type ConfigIssue } from './config-error';
export { parseEnv, env, type EnvShape } from './env-schema';
export { platformEnv } from './platform-config';
export {
  configTableIsCurrent,
  defineConfig,
  derived,
  describeConfig,
  parseConfig,
  renderConfigTable,
  withConfigTable,
  setting,
  type ConfigDefinition,
  type ConfigOf,
  type ConfigVariable,
  type Derived,
  type Setting,
  type SettingInfo,
} from './config-definition';
