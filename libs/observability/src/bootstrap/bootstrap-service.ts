import type { DynamicModule, Type } from '@nestjs/common';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { env, parseEnv } from '@omni/config';
import type { LoggerSettings } from '../logging/create-logger';
import type { OpenApiCustomizer } from './openapi-docs';

export type ServiceAppOptions = {
  /** The app's root module. It must not import ObservabilityModule: this adds it. */
  module: Type<unknown> | DynamicModule;
  /** e.g. "pricing": the `service` log field and metric label, and the API title. */
  serviceName: string;
  /** Runs after the app is created and before the OpenAPI document is built (pipes, filters, hooks). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  /** Adds servers, security schemes and the like to the OpenAPI document. */
  openApi?: OpenApiCustomizer;
  /** Options for Fastify itself, e.g. bodyLimit or trustProxy. */
  fastify?: ConstructorParameters<typeof FastifyAdapter>[0];
  logger?: LoggerSettings;
};

export type BootstrapOptions = ServiceAppOptions & {
  port: number;
  /** Defaults to HOST, then 127.0.0.1; containers set HOST=0.0.0.0. */
  host?: string;
};

/**
 * The service's Nest app, fully wired but not listening: the pino logger (start-up logs buffered
 * until it is in place), request metrics and /metrics, OpenAPI at /docs and shutdown hooks.
 * Integration tests use this with `app.inject()`; main.ts uses `bootstrapService`.
 */
export async function createServiceApp(
  options: ServiceAppOptions,
): Promise<NestFastifyApplication> {
  // Loaded on first call: main.ts imports this library before tracing starts, and Nest, Fastify
  // and Swagger must load after it or their instrumentation never applies.
  const { buildServiceApp } = await import('./service-app.factory');
  return buildServiceApp(options);
}

/** Creates the service's app and listens. The body of every app's main.ts after `import './tracing'`. */
export async function bootstrapService(options: BootstrapOptions): Promise<NestFastifyApplication> {
  const host = options.host ?? parseEnv({ HOST: env.string('127.0.0.1') }).HOST;
  const app = await createServiceApp(options);
  await app.listen({ port: options.port, host });
  const { Logger } = await import('nestjs-pino');
  app
    .get(Logger)
    .log(
      `${options.serviceName} listening on http://${host}:${options.port} (docs at /docs)`,
      'Bootstrap',
    );
  return app;
}
