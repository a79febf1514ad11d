import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { httpThreads } from '../bootstrap/http-threads';
import { httpRequestDuration, httpThreadRequests } from './metrics-registry';

/**
 * Times every response the Fastify server sends. A Fastify hook rather than a Nest interceptor,
 * so 404s and requests rejected by guards or pipes are counted too.
 */
export function installHttpMetrics(app: NestFastifyApplication): void {
  const histogram = httpRequestDuration();
  // Only when the app serves on more than one thread: the group exists before the app is built.
  const served = httpThreads() === undefined ? undefined : httpThreadRequests();
  app
    .getHttpAdapter()
    .getInstance()
    // Callback style: no promise per request.
    .addHook('onResponse', (request, reply, done) => {
      histogram.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      served?.inc();
      done();
    });
}
