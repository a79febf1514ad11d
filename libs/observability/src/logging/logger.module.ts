import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Logger, PARAMS_PROVIDER_TOKEN, PinoLogger } from 'nestjs-pino';
import type { Logger as PinoInstance } from 'pino';

@Global()
@Module({})
class ServiceLoggerModule {}

/**
 * nestjs-pino's Nest logger over the service logger, so every application log line carries the
 * service name, and trace ids inside a traced operation (a request, a consumer batch): that is
 * how a line is found from its request. Deliberately without nestjs-pino's pino-http middleware:
 * it made two child loggers per request (serializing their bindings), ran the request through
 * Nest's middleware layer and an AsyncLocalStorage scope, all for a `reqId` field that the trace
 * ids already give; it cost a tenth of a small request's time (pricing's select profile).
 * Requests themselves are logged by the Fastify hook in request-log.hook.ts.
 */
export function createLoggerModule(logger: PinoInstance): DynamicModule {
  return {
    module: ServiceLoggerModule,
    providers: [
      Logger,
      PinoLogger,
      { provide: PARAMS_PROVIDER_TOKEN, useValue: { pinoHttp: { logger } } },
    ],
    exports: [Logger, PinoLogger, PARAMS_PROVIDER_TOKEN],
  };
}
