import type { DynamicModule, Type } from '@nestjs/common';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
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
  /** Containers use 0.0.0.0. */
  host: string;
  /** How long SIGTERM may take to drain and close before the process exits 1. */
  shutdownTimeoutMs: number;
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
  const { host } = options;
  const app = await createServiceApp(options);
  await app.listen({ port: options.port, host });
  const { Logger } = await import('nestjs-pino');
  const logger = app.get(Logger);
  logger.log(
    `${options.serviceName} listening on http://${host}:${options.port} (docs at /docs)`,
    'Bootstrap',
  );
  exitCleanlyOnSignals(app, logger, options.shutdownTimeoutMs);
  return app;
}

/**
 * SIGTERM/SIGINT close the app (consumers drain and commit, the relay stops, pools close) and
 * the process exits 0; if draining takes longer than the timeout it exits 1 instead of hanging.
 */
function exitCleanlyOnSignals(
  app: NestFastifyApplication,
  logger: {
    log(message: string, context: string): void;
    error(message: string, context: string): void;
  },
  timeoutMs: number,
): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: draining and shutting down`, 'Shutdown');
    const guard = setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`, 'Shutdown');
      process.exit(1);
    }, timeoutMs);
    guard.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error(
          `shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
          'Shutdown',
        );
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
