import type { DynamicModule, Type } from '@nestjs/common';
import { ConfigError, parseConfig, type ConfigOf } from '@omni/config';
import { bootstrapService } from '@omni/observability';
import type { ServiceConfig, ServiceDefinition, ServiceDescriptor } from './service-config';
import { withServiceConfig } from './service-platform.module';

export type RunServiceOptions<D extends ServiceDefinition = ServiceDefinition> = {
  service: ServiceDescriptor;
  /** The app's defineServiceConfig definition. */
  config: D;
  module: Type<unknown> | DynamicModule;
  /**
   * How many threads serve HTTP, read from the parsed config (ADR 0040); one when absent. Only
   * for a service whose per-process state stays right on every thread: consumers, the outbox
   * relay and periodic tasks run on the main thread, and caches are per thread.
   */
  httpThreads?: (config: ConfigOf<D>) => number;
};

/**
 * The body of every app's main.ts (after `import './tracing'`): parses the environment once
 * with the service's definition, so a bad setting stops the process with the variable's name
 * before anything connects, then serves the app with the typed config under SERVICE_CONFIG.
 */
export async function runService<D extends ServiceDefinition>(
  options: RunServiceOptions<D>,
): Promise<void> {
  const { service } = options;
  let config: ConfigOf<D> & ServiceConfig;
  try {
    config = parseConfig(options.config) as ConfigOf<D> & ServiceConfig;
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
    httpThreads: options.httpThreads?.(config) ?? 1,
  });
}
