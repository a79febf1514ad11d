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
  described,
  type ConfigDefinition,
  type ConfigOf,
  type ConfigVariable,
  type Derived,
  type Descriptions,
  type Setting,
  type SettingFlags,
  type SettingInfo,
} from './config-definition';
export { setting, type NamedTopic } from './setting-kinds';
