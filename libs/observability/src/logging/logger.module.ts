import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

/**
 * nestjs-pino wired to the service logger, so every application log line carries the service
 * name and trace ids. Requests themselves are logged by the Fastify hook in request-log.hook.ts,
 * which knows the route pattern; pino-http would log the raw URL with its query string.
 */
export function createLoggerModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger,
      autoLogging: false,
      // Binds only the request id to lines logged during a request, not the request's URL and headers.
      quietReqLogger: true,
      // Keeps the logger's own serializers (errors without their enumerable fields).
      wrapSerializers: false,
    },
  });
}
