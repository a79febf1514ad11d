import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { isProbeRequest } from '../probe-requests';
import { createLogger, type LoggerSettings } from './create-logger';

/**
 * nestjs-pino wired to the service logger: one JSON line per request (probes excepted) and every
 * application log line carrying the request context, trace ids and the service name.
 */
export function createLoggerModule(
  serviceName: string,
  settings: LoggerSettings = {},
): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger: createLogger(serviceName, settings),
      autoLogging: { ignore: isProbeRequest },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
  });
}
