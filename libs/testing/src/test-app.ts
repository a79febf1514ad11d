import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseConfig } from '@omni/config';
import { createServiceApp } from '@omni/observability';
import { withServiceConfig, type ServiceDefinition, type ServiceDescriptor } from '@omni/platform';

/**
 * The service's real Nest app (logger, metrics, OpenAPI, health), initialised but not
 * listening; drive it with `app.inject()`. The environment with `env` over it is parsed once
 * with the service's config definition, as runService does.
 */
export async function createTestApp(options: {
  module: Type<unknown> | DynamicModule;
  service: ServiceDescriptor;
  config: ServiceDefinition;
  env?: Record<string, string>;
}): Promise<NestFastifyApplication> {
  // The logger reads LOG_LEVEL itself, before any config exists.
  Object.assign(process.env, { LOG_LEVEL: 'warn', ...options.env });
  const config = parseConfig(options.config);
  const app = await createServiceApp({
    module: withServiceConfig(options.module, config),
    serviceName: options.service.name,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
