import type { DynamicModule, Type } from '@nestjs/common';
import { ConfigError } from '@omni/config';
import { bootstrapService } from '@omni/observability';
import { loadServiceConfig, type ServiceDescriptor } from './service-config';

/**
 * The body of every app's main.ts (after `import './tracing'`): validates the configuration
 * first, so a bad setting stops the process with the variable's name before anything connects.
 */
export async function runService(
  service: ServiceDescriptor,
  module: Type<unknown> | DynamicModule,
): Promise<void> {
  let config;
  try {
    config = loadServiceConfig(service);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${service.name}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await bootstrapService({
    module,
    serviceName: service.name,
    port: config.PORT,
    host: config.HOST,
  });
}
