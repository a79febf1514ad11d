export { ConfigError, type ConfigIssue } from './config-error';
export { parseEnv, env, type EnvShape } from './env-schema';
export { platformEnv } from './platform-config';
