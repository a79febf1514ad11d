import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isProbeRequest } from '../probe-requests';
import { LogRateLimiter } from './rate-limited-log';
import { requestFailureOf } from './request-failure';

/**
 * One line per request: at debug, with the route pattern (never the raw URL or query string,
 * which carry ids, phone numbers and emails), method, status, error code and duration. A 5xx is
 * the one line at error, with what failed; the same failure on the same route is logged at most
 * once a minute, with the count of repeats. A Fastify hook, so 404s and requests refused by
 * guards are logged too. Probes are not logged.
 */
export function installRequestLog(app: NestFastifyApplication, logger: Logger): void {
  const repeats = new LogRateLimiter();
  const log = (request: FastifyRequest, reply: FastifyReply): void => {
    const status = reply.statusCode;
    // A successful request below the log level costs one comparison: no fields, no strings.
    if (status < 500 && !logger.isLevelEnabled('debug')) return;
    if (isProbeRequest(request)) return;
    const failure = requestFailureOf(request);
    const fields = {
      req: { method: request.method, route: request.routeOptions.url ?? 'unmatched' },
      res: { statusCode: status, ...(failure ? { code: failure.code } : {}) },
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (status < 500) {
      logger.debug(fields, 'request completed');
      return;
    }
    const what = failure?.message ?? `answered ${status}`;
    const admitted = repeats.admit(
      `${fields.req.method} ${fields.req.route} ${status} ${failure?.code} ${what}`,
    );
    if (admitted === undefined) return;
    logger.error(
      {
        ...fields,
        // Serialized by the logger: type, message and stack only.
        ...(failure?.error === undefined ? {} : { err: failure.error }),
        ...(admitted.suppressed > 0 ? { repeats: admitted.suppressed } : {}),
      },
      `request failed: ${what}`,
    );
  };
  app
    .getHttpAdapter()
    .getInstance()
    // Callback style: no promise per request.
    .addHook('onResponse', (request, reply, done) => {
      log(request, reply);
      done();
    });
}
