import type { DynamicModule, Type } from '@nestjs/common';
import { ConfigError, parseConfig } from '@omni/config';
import { bootstrapService } from '@omni/observability';
import {
  httpThreadsOf,
  type ServiceConfig,
  type ServiceDefinition,
  type ServiceDescriptor,
} from './service-config';
import { withServiceConfig } from './service-platform.module';

export type RunServiceOptions = {
  service: ServiceDescriptor;
  /** The app's defineServiceConfig definition. */
  config: ServiceDefinition;
  module: Type<unknown> | DynamicModule;
};

/**
 * The body of every app's main.ts (after `import './tracing'`): parses the environment once
 * with the service's definition, so a bad setting stops the process with the variable's name
 * before anything connects, then serves the app with the typed config under SERVICE_CONFIG,
 * on as many HTTP threads as its `httpThreads` setting says, if it has one (ADR 0040).
 */
export async function runService(options: RunServiceOptions): Promise<void> {
  const { service } = options;
  let config: ServiceConfig;
  try {
    config = parseConfig(options.config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${service.name}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await bootstrapService({
    module: withServiceConfig(options.module, config),
    serviceName: service.name,
    port: config.platform.http.port,
    host: config.platform.http.host,
    shutdownTimeoutMs: config.platform.shutdownTimeoutMs,
    httpThreads: httpThreadsOf(config),
  });
}
