import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@omni/observability';

/**
 * The service's real Nest app (logger, metrics, OpenAPI, health), initialised but not
 * listening; drive it with `app.inject()`. `env` is applied before the modules read it.
 */
export async function createTestApp(options: {
  module: Type<unknown> | DynamicModule;
  serviceName: string;
  env?: Record<string, string>;
}): Promise<NestFastifyApplication> {
  Object.assign(process.env, { LOG_LEVEL: 'warn', ...options.env });
  const app = await createServiceApp({ module: options.module, serviceName: options.serviceName });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
