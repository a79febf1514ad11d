// main.ts imports this barrel (through its tracing.ts) before anything else. Nothing exported here
// may load @nestjs/core, Fastify, pg or kafkajs at import time: OpenTelemetry patches modules as
// they load, so those must come after startTracing. barrel-imports.spec.ts guards this.
export { startTracing, type TracingOptions, type TracingHandle } from './tracing/start-tracing';
export {
  createLogger,
  serializeError,
  REDACTED,
  type LoggerSettings,
  type SerializedError,
} from './logging/create-logger';
export {
  LogRateLimiter,
  RateLimitedLogger,
  REPEAT_WINDOW_MS,
  type Admitted,
  type MessageLogger,
} from './logging/rate-limited-log';
export { recordRequestFailure, type RequestFailure } from './logging/request-failure';
export { createLoggerModule } from './logging/logger.module';
export { logCapture, type CapturedLogLine } from './logging/log-capture';
export { METRIC_PREFIX } from './metrics/metrics-registry';
export { MetricsModule } from './metrics/metrics.module';
export { ObservabilityModule, type ObservabilityOptions } from './bootstrap/observability.module';
export {
  createServiceApp,
  bootstrapService,
  type ServiceAppOptions,
  type BootstrapOptions,
} from './bootstrap/bootstrap-service';
export type { OpenApiCustomizer } from './bootstrap/openapi-docs';
export {
  httpThreads,
  isExtraHttpThread,
  ThreadGroup,
  THREAD_CALL_TIMEOUT_MS,
  type ThreadCallResult,
} from './bootstrap/http-threads';
