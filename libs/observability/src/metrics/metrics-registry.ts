import { collectDefaultMetrics, Histogram, register } from 'prom-client';

/** Every Omni metric name starts with this, so dashboards can select the platform's own series. */
export const METRIC_PREFIX = 'omni_';

const httpDurationName = `${METRIC_PREFIX}http_request_duration_seconds`;

/**
 * Labels every series in the default registry with the service and starts the default Node
 * metrics (event loop lag, heap, GC, CPU). Idempotent: Nest may build more than one app per process.
 */
export function registerDefaultMetrics(serviceName: string): void {
  register.setDefaultLabels({ service: serviceName });
  if (!register.getSingleMetric(`${METRIC_PREFIX}process_cpu_user_seconds_total`)) {
    collectDefaultMetrics({ prefix: METRIC_PREFIX });
  }
}

/** Request latency by method, route pattern (never the raw URL: ids would explode cardinality) and status. */
export function httpRequestDuration(): Histogram<'method' | 'route' | 'status'> {
  const existing = register.getSingleMetric(httpDurationName);
  if (existing instanceof Histogram) return existing as Histogram<'method' | 'route' | 'status'>;
  return new Histogram({
    name: httpDurationName,
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
}
