import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { createLogger } from '../logging/create-logger';
import { installReadinessLog } from '../logging/readiness-log.hook';
import { installRequestLog } from '../logging/request-log.hook';
import { installHttpMetrics } from '../metrics/http-metrics.hook';
import { installLeanAsyncResourceBind } from './async-resource-bind';
import { applyServiceV8Flags } from './runtime-flags';
import type { ServiceAppOptions } from './bootstrap-service';
import { ObservabilityModule } from './observability.module';
import { setupOpenApi } from './openapi-docs';
import { installRequestTraceIds, tracingIdsOnly } from '../tracing/request-trace-ids.hook';

@Module({})
class ServiceRootModule {}

export async function buildServiceApp(options: ServiceAppOptions): Promise<NestFastifyApplication> {
  applyServiceV8Flags();
  installLeanAsyncResourceBind();
  const logger = createLogger(options.serviceName, options.logger);
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [
      ObservabilityModule.forRoot({ serviceName: options.serviceName, logger }),
      options.module,
    ],
  };
  const app = await NestFactory.create<NestFastifyApplication>(
    root,
    new FastifyAdapter(options.fastify),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  // First, so every later hook, the handler and the answer run in the request's trace context.
  if (tracingIdsOnly()) installRequestTraceIds(app);
  installHttpMetrics(app);
  installRequestLog(app, logger);
  installReadinessLog(app, logger);
  await options.configure?.(app);
  setupOpenApi(app, options.serviceName, options.openApi);
  return app;
}
