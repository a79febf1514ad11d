import { isSpanContextValid, trace } from '@opentelemetry/api';

export type TraceFields = { trace_id?: string; span_id?: string };

/** The ids of the span active right now, so a log line can be found from its trace and back. */
export function activeTraceFields(): TraceFields {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
