import { Controller, Get, Header } from '@nestjs/common';
import { AggregatorRegistry, register } from 'prom-client';
import { httpThreads } from '../bootstrap/http-threads';

type MetricJson = Awaited<ReturnType<typeof register.getMetricsAsJSON>>;

/**
 * prom-client's aggregation drops a metric marked `omit` (e.g. the process start time), which
 * only the main thread reports: taken as the first thread's value instead, it is kept.
 */
function keepOmitted(metrics: MetricJson): MetricJson {
  return metrics.map((metric) =>
    metric.aggregator === 'omit' ? { ...metric, aggregator: 'first' } : metric,
  );
}

/** The topic a scrape asks the other HTTP threads for their metrics on. */
export const METRICS_TOPIC = 'omni.metrics';

/**
 * Prometheus scrape endpoint for everything in the default registry. Kept out of the OpenAPI
 * document by `setupOpenApi`, not by a decorator here: @nestjs/swagger loads @nestjs/core, and this
 * file is part of the barrel that main.ts imports before tracing starts.
 *
 * On a service with more than one HTTP thread (ADR 0040) whichever thread takes the scrape asks
 * the others for their registries and answers the sum (prom-client's aggregation: counters and
 * histograms add up; process metrics come from the main thread alone).
 */
@Controller('metrics')
export class MetricsController {
  constructor() {
    httpThreads()?.answer(METRICS_TOPIC, () => register.getMetricsAsJSON());
  }

  @Get()
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  async metrics(): Promise<string> {
    const threads = httpThreads();
    if (threads === undefined) return register.metrics();
    const [own, others] = await Promise.all([
      register.getMetricsAsJSON(),
      threads.call(METRICS_TOPIC),
    ]);
    // A thread that has not built its app yet answers undefined: it has nothing to add.
    const all = [own, ...others.results.filter(Array.isArray)].map(keepOmitted);
    return AggregatorRegistry.aggregate(all).metrics();
  }
}
