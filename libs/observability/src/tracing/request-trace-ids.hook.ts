import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { isProbeRequest } from '../probe-requests';
import { runningTracing } from './start-tracing';

/** True when tracing runs without an exporter: spans carry ids and record nothing. */
export const tracingIdsOnly = (): boolean => {
  const tracing = runningTracing();
  return tracing !== undefined && tracing.enabled && tracing.exportsTo === 'none';
};

/**
 * Each request's trace ids when tracing records nothing (no exporter): the request runs in a
 * server span that continues the caller's W3C `traceparent` or starts a trace, as the http
 * instrumentation's span did, so log lines, the outbox and Kafka headers and outgoing HTTP carry
 * the same ids. That instrumentation computed some twenty attributes, patched every listener
 * of the request and response and timed the answer for a span the sampler had already dropped;
 * this starts the (unrecorded) span and runs the rest of the request in its context, nothing
 * else. Probes get none, as before. With an exporter the instrumentation makes the server span
 * and this is not installed.
 */
export function installRequestTraceIds(app: NestFastifyApplication): void {
  const tracer = trace.getTracer('@omni/observability');
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, _reply, done) => {
      if (isProbeRequest(request.raw)) {
        done();
        return;
      }
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      const span = tracer.startSpan(request.method, { kind: SpanKind.SERVER }, parent);
      // Fastify runs the rest of the request (body parsing, handler, answer) from `done`, and
      // carries the context it runs in across the body's arrival (an AsyncResource).
      context.with(trace.setSpan(parent, span), done);
    });
}
