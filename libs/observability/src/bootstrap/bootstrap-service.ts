import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import type { DynamicModule, Type } from '@nestjs/common';
import type { FastifyListenOptions } from 'fastify';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LoggerSettings } from '../logging/create-logger';
import {
  extraHttpThreadData,
  joinHttpThreads,
  newHttpThreadGroupName,
  type HttpThreadData,
} from './http-threads';
import { startExtraHttpThreads } from './http-thread-pool';
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
  /**
   * Threads serving HTTP (ADR 0040), 1 by default. Above 1 the main thread starts the others,
   * each running the same app for HTTP only on the same port (SO_REUSEPORT).
   */
  httpThreads?: number;
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
  const threads = options.httpThreads ?? 1;
  const extra = extraHttpThreadData();
  if (extra !== undefined) return serveExtraThread(options, extra);
  const { host } = options;
  const group = threads > 1 ? joinHttpThreads(newHttpThreadGroupName()) : undefined;
  const app = await createServiceApp(options);
  await app.listen(listenOptions(options.port, host, group !== undefined));
  const { Logger } = await import('nestjs-pino');
  const logger = app.get(Logger);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  let shutdown: (reason: string, code: number) => void = () => undefined;
  const pool =
    group === undefined
      ? undefined
      : startExtraHttpThreads({
          count: threads - 1,
          data: { group: group.name, port },
          group,
          onDeath: (message) => {
            logger.error(message, 'HttpThreads');
            shutdown('an HTTP thread ended', 1);
          },
        });
  // Before the threads are up: a SIGTERM while they start stops them too.
  const exit = exitCleanlyOnSignals(app, logger, options.shutdownTimeoutMs, () =>
    pool === undefined ? Promise.resolve() : pool.close(),
  );
  shutdown = exit.shutdown;
  try {
    await pool?.listening;
  } catch (error) {
    logger.error(
      `an HTTP thread did not start: ${error instanceof Error ? error.message : String(error)}`,
      'HttpThreads',
    );
    shutdown('an HTTP thread did not start', 1);
    return app;
  }
  if (exit.closing()) return app;
  logger.log(
    `${options.serviceName} listening on http://${host}:${port} (docs at /docs)${threads > 1 ? ` on ${threads} threads` : ''}`,
    'Bootstrap',
  );
  return app;
}

/**
 * An extra HTTP thread: the same app, listening on the main thread's port with SO_REUSEPORT.
 * It gets no signals: the main thread's "close" closes its app (in-flight requests finish),
 * then the thread ends.
 */
async function serveExtraThread(
  options: BootstrapOptions,
  data: HttpThreadData,
): Promise<NestFastifyApplication> {
  const group = joinHttpThreads(data.group);
  const app = await createServiceApp(options);
  await app.listen(listenOptions(data.port, options.host, true));
  parentPort?.on('message', (message: unknown) => {
    if (message !== 'close') return;
    app
      .close()
      .finally(() => group.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  });
  parentPort?.postMessage('ready');
  return app;
}

/**
 * Fastify hands these to Node's `server.listen`; its types do not list `reusePort` (Node 22.12+):
 * every thread's socket on one port, the kernel spreading connections over them.
 */
function listenOptions(port: number, host: string, reusePort: boolean): FastifyListenOptions {
  const options: FastifyListenOptions & { reusePort: boolean } = { port, host, reusePort };
  return options;
}

type Logs = {
  log(message: string, context: string): void;
  error(message: string, context: string): void;
};

/**
 * SIGTERM/SIGINT close the app (consumers drain and commit, the relay stops, pools close) and
 * the process exits 0; if draining takes longer than the timeout it exits 1 instead of hanging.
 * Extra HTTP threads close first, so no request is left on a thread whose main thread is gone.
 * Answers the shutdown, for an HTTP thread's death to start it with exit code 1, and whether
 * one has started.
 */
function exitCleanlyOnSignals(
  app: NestFastifyApplication,
  logger: Logs,
  timeoutMs: number,
  closeThreads: () => Promise<void>,
): { shutdown: (reason: string, code: number) => void; closing: () => boolean } {
  let closing = false;
  const shutdown = (reason: string, code: number) => {
    if (closing) return;
    closing = true;
    logger.log(`${reason}: draining and shutting down`, 'Shutdown');
    const guard = setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`, 'Shutdown');
      process.exit(1);
    }, timeoutMs);
    guard.unref();
    closeThreads()
      .then(() => app.close())
      .then(() => process.exit(code))
      .catch((error: unknown) => {
        logger.error(
          `shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
          'Shutdown',
        );
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM received', 0));
  process.once('SIGINT', () => shutdown('SIGINT received', 0));
  return { shutdown, closing: () => closing };
}
