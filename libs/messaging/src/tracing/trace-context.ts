import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { HEADERS } from '@omni/contracts';

export const TRACER_NAME = 'omni-messaging';

export const messagingTracer = () => trace.getTracer(TRACER_NAME);

/**
 * Headers carrying the trace context of `ctx` (the active one by default). Empty when no
 * propagator is registered or there is no valid span, so callers can always merge it.
 */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** Adds the trace context unless the caller already set one (e.g. when forwarding). */
export function withTraceHeaders(
  headers: Record<string, string> | undefined,
  ctx: Context = context.active(),
) {
  if (headers?.[HEADERS.traceparent]) return headers;
  return { ...headers, ...traceHeaders(ctx) };
}

/** The remote parent carried by a message, or the root context when there is none. */
export function extractTraceContext(headers: Record<string, string>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/**
 * Runs `fn` with tracing suppressed, so kafkajs auto-instrumentation (if a service enables
 * it) neither overwrites the traceparent we wrote nor starts unrelated root traces.
 */
export function withoutInstrumentation<T>(
  fn: () => Promise<T>,
  ctx: Context = context.active(),
): Promise<T> {
  return context.with(suppressTracing(ctx), fn);
}

/** Runs `fn` inside a CONSUMER span whose parent is the producer's context. */
export async function inConsumerSpan<T>(
  parent: Context,
  attributes: {
    topic: string;
    partition: number;
    offset: string;
    group: string;
    key: string | null;
  },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = messagingTracer().startSpan(
    `${attributes.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': attributes.topic,
        'messaging.destination.partition.id': String(attributes.partition),
        'messaging.kafka.offset': Number(attributes.offset),
        'messaging.consumer.group.name': attributes.group,
        ...(attributes.key === null ? {} : { 'messaging.kafka.message.key': attributes.key }),
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

/** The trace id carried by a message, when it has a valid one. */
export function traceIdOf(ctx: Context): string | undefined {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
