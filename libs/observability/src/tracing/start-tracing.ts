import { env, parseEnv, platformEnv } from '@omni/config';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  NoopSpanProcessor,
  type Sampler,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { applyServiceV8Flags } from '../bootstrap/runtime-flags';
import { omniInstrumentations } from './instrumentations';

export type TracingOptions = {
  serviceName: string;
  serviceVersion?: string;
  env?: Record<string, string | undefined>;
  /** Receives finished spans instead of OTLP, one by one (tests, local debugging). */
  exporter?: SpanExporter;
};

export type TracingHandle = {
  /** False when OTEL_TRACES_ENABLED=false: nothing was started. */
  enabled: boolean;
  /** Where spans go: an OTLP URL, "custom" (options.exporter) or "none" (ids only). */
  exportsTo: string;
  /** Flushes pending spans and stops the SDK. Safe to call more than once. */
  shutdown(): Promise<void>;
};

const tracingEnv = (serviceName: string) => ({
  NODE_ENV: platformEnv.NODE_ENV,
  OTEL_TRACES_ENABLED: platformEnv.OTEL_TRACES_ENABLED,
  OTEL_EXPORTER_OTLP_ENDPOINT: platformEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
  OTEL_SERVICE_NAME: env.string(serviceName),
});

let active: TracingHandle | undefined;

/**
 * Starts OpenTelemetry for this process. Must run before Nest, pg or kafkajs are required,
 * because instrumentation patches modules as they load: call it from `apps/<svc>/src/tracing.ts`
 * and make `import './tracing'` the first line of main.ts.
 *
 * Without OTEL_EXPORTER_OTLP_ENDPOINT spans are still created, so trace ids reach logs and
 * W3C `traceparent` headers, but they record nothing (not sampled) and nothing is exported; then
 * only the HTTP instrumentations run (server and client: the ids and their propagation), not the
 * Nest handler and Postgres query layers whose spans would all be dropped.
 */
export function startTracing(options: TracingOptions): TracingHandle {
  // The first thing every service runs, so the V8 flags hold before any of its code loads.
  applyServiceV8Flags();
  if (active) return active;
  const source = options.env ?? process.env;
  const config = parseEnv(tracingEnv(options.serviceName), source);
  if (!config.OTEL_TRACES_ENABLED) {
    active = { enabled: false, exportsTo: 'none', shutdown: async () => undefined };
    return active;
  }
  const { processor, exportsTo, sampler } = spanPipeline(
    options.exporter,
    config.OTEL_EXPORTER_OTLP_ENDPOINT,
  );
  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME,
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_VERSION]: options.serviceVersion ?? 'unknown',
        [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: config.NODE_ENV,
      }),
    ),
    spanProcessors: [processor],
    // Unset: the SDK's default (parent-based, always on) or OTEL_TRACES_SAMPLER.
    ...(sampler === undefined ? {} : { sampler }),
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    // Without an exporter nothing records: only the instrumentations that carry the ids.
    instrumentations: omniInstrumentations({ recording: exportsTo !== 'none' }),
    // Metrics are prom-client's job and logs go to stdout; without these the SDK would
    // default to OTLP exporters for both.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  active = {
    enabled: true,
    exportsTo,
    shutdown: () => (stopping ??= sdk.shutdown()),
  };
  return active;
}

/** The handle startTracing returned in this process, if it was called. */
export const runningTracing = (): TracingHandle | undefined => active;

function spanPipeline(
  exporter: SpanExporter | undefined,
  endpoint: string | undefined,
): { processor: SpanProcessor; exportsTo: string; sampler?: Sampler } {
  if (exporter) return { processor: new SimpleSpanProcessor(exporter), exportsTo: 'custom' };
  if (endpoint) {
    const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
    return { processor: new BatchSpanProcessor(new OTLPTraceExporter({ url })), exportsTo: url };
  }
  // A tracer provider needs at least one processor, or the SDK installs none and no ids exist.
  // Nothing is exported, so no span records: each is only its ids (for logs and traceparent),
  // without attributes, events or end-of-span processing on every request and query.
  return { processor: new NoopSpanProcessor(), exportsTo: 'none', sampler: new AlwaysOffSampler() };
}
