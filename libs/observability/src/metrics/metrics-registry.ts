import { threadId } from 'node:worker_threads';
import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';
import { isExtraHttpThread } from '../bootstrap/http-threads';

/** Every Omni metric name starts with this, so dashboards can select the platform's own series. */
export const METRIC_PREFIX = 'omni_';

const httpDurationName = `${METRIC_PREFIX}http_request_duration_seconds`;

/**
 * Labels every series in the default registry with the service and starts the default Node
 * metrics (event loop lag, heap, GC, CPU). Idempotent: Nest may build more than one app per process.
 */
export function registerDefaultMetrics(serviceName: string): void {
  register.setDefaultLabels({ service: serviceName });
  // The process's figures come from the main thread only: the scrape adds up every thread's.
  if (isExtraHttpThread()) return;
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

const threadRequestsName = `${METRIC_PREFIX}http_thread_requests_total`;

/**
 * Responses by the thread that sent them, when the service serves HTTP on more than one thread
 * (ADR 0040): how evenly the kernel spreads connections. Counts this thread's; the scrape sums.
 */
export function httpThreadRequests(): { inc(): void } {
  const existing = register.getSingleMetric(threadRequestsName);
  const counter =
    existing instanceof Counter
      ? (existing as Counter<'thread'>)
      : new Counter({
          name: threadRequestsName,
          help: 'HTTP responses sent, by the thread that served them (services on more than one HTTP thread)',
          labelNames: ['thread'] as const,
        });
  return counter.labels({ thread: String(threadId) });
}
