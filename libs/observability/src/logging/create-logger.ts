import { hostname } from 'node:os';
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

/** pino settings shared by the Nest logger and plain scripts. */
function loggerOptions(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): LoggerOptions {
  const { LOG_LEVEL } = parseEnv({ LOG_LEVEL: platformEnv.LOG_LEVEL }, env);
  return {
    level: LOG_LEVEL,
    base: { service: serviceName, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level names rather than numbers: what log search and alert rules expect.
    formatters: { level: (label) => ({ level: label }) },
    mixin: activeTraceFields,
    redact: { paths: [...redactedPaths], censor: REDACTED },
  };
}

/** A JSON logger for scripts and workers outside Nest (migrations, tools). */
export function createLogger(serviceName: string, settings: LoggerSettings = {}): Logger {
  const options = loggerOptions(serviceName, settings.env);
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
