import { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import { isMainThread, threadId } from 'node:worker_threads';
import { parseEnv, platformEnv } from '@omni/config';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { activeTraceFields } from './trace-fields';

export type LoggerSettings = {
  env?: Record<string, string | undefined>;
  /** Where JSON lines go; stdout when absent. */
  destination?: DestinationStream;
};

export const REDACTED = '[redacted]';

const personalData = ['phone', 'email', 'identifiers.*'];

/**
 * Paths whose values never reach a log line. pino wildcards match exactly one level, so
 * personal data is covered at the top level and up to two levels down (e.g. `event.identifiers.*`,
 * `events.0.identifiers.*`).
 */
const redactedPaths: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...['', '*.', '*.*.'].flatMap((prefix) => personalData.map((path) => `${prefix}${path}`)),
];

export type SerializedError = { type: string; message: string; stack?: string; code?: string };

/**
 * An error as a log field: its type, message, stack and code (e.g. a Postgres SQLSTATE) only.
 * pino's own serializer copies every enumerable field, and some errors carry the input that
 * failed, e.g. a failed query's parameters.
 */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.constructor.name,
    message: error.message,
    stack: error.stack,
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/**
 * A request as a log field. A raw IncomingMessage would be serialized whole, socket included,
 * with redaction (when pino-http bound one to a child logger on every request, that was most of
 * the CPU a small request cost: pricing's select profile, ADR 0016). Only its id and method are
 * kept; a plain object (the request log hook's `{ method, route }`) is logged as it is.
 */
export function serializeRequest(request: unknown): unknown {
  if (!(request instanceof IncomingMessage)) return request;
  return { id: (request as { id?: unknown }).id, method: request.method };
}

/** pino settings shared by the Nest logger and plain scripts. */
function loggerOptions(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): LoggerOptions {
  const { LOG_LEVEL } = parseEnv({ LOG_LEVEL: platformEnv.LOG_LEVEL }, env);
  return {
    level: LOG_LEVEL,
    // An extra HTTP thread's lines say which thread wrote them (ADR 0040).
    base: {
      service: serviceName,
      pid: process.pid,
      hostname: hostname(),
      ...(isMainThread ? {} : { thread: threadId }),
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level names rather than numbers: what log search and alert rules expect.
    formatters: { level: (label) => ({ level: label }) },
    mixin: activeTraceFields,
    redact: { paths: [...redactedPaths], censor: REDACTED },
    serializers: { err: serializeError, req: serializeRequest },
  };
}

/** A JSON logger for scripts and workers outside Nest (migrations, tools). */
export function createLogger(serviceName: string, settings: LoggerSettings = {}): Logger {
  const options = loggerOptions(serviceName, settings.env);
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
