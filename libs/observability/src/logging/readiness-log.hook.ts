import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { READINESS_PATH } from '../probe-requests';
import { REPEAT_WINDOW_MS } from './rate-limited-log';

/**
 * Logs readiness when it changes instead of on every probe: the first failure with the failing
 * components and their details, a reminder at most once a window while it stays failed, and the
 * recovery. A Kubernetes readiness probe every few seconds would otherwise log an error each time.
 */
export class ReadinessLog {
  /** "ready", the failing components joined, or undefined before the first probe. */
  private state?: string;
  private notReadySince = 0;
  private failedProbes = 0;
  private lastLoggedAt = 0;

  constructor(
    private readonly logger: Logger,
    private readonly windowMs = REPEAT_WINDOW_MS,
  ) {}

  /** One answer of the readiness endpoint: its status and body (terminus's health report). */
  observe(status: number, body: unknown): void {
    const now = Date.now();
    if (status < 400) {
      if (this.state === undefined) this.logger.info('ready');
      else if (this.state !== 'ready')
        this.logger.info(
          { notReadyForMs: now - this.notReadySince, failedProbes: this.failedProbes },
          `ready again after ${seconds(now - this.notReadySince)} s`,
        );
      this.state = 'ready';
      return;
    }
    const failed = failedComponents(body);
    const failing = Object.keys(failed).sort().join(', ') || 'unknown';
    if (failing !== this.state) {
      if (this.state === undefined || this.state === 'ready') {
        this.notReadySince = now;
        this.failedProbes = 0;
      }
      // Not ready yet while starting is routine; losing readiness is not.
      const level = this.state === undefined ? 'warn' : 'error';
      this.logger[level]({ failing, details: failed }, `not ready: ${failing}`);
      this.state = failing;
      this.lastLoggedAt = now;
    } else if (now - this.lastLoggedAt >= this.windowMs) {
      this.logger.error(
        { failing, details: failed, failedProbes: this.failedProbes + 1 },
        `still not ready after ${seconds(now - this.notReadySince)} s: ${failing}`,
      );
      this.lastLoggedAt = now;
    }
    this.failedProbes += 1;
  }
}

/** Feeds every answer of the readiness endpoint to a ReadinessLog. */
export function installReadinessLog(app: NestFastifyApplication, logger: Logger): void {
  const readiness = new ReadinessLog(logger);
  app
    .getHttpAdapter()
    .getInstance()
    // Callback style: every request passes this hook, and an async one costs each a promise.
    .addHook('onSend', (request, reply, payload, done) => {
      if (request.routeOptions.url === READINESS_PATH)
        readiness.observe(reply.statusCode, parseJson(payload));
      done(null, payload);
    });
}

const seconds = (ms: number) => Math.round(ms / 1000);

function parseJson(payload: unknown): unknown {
  if (typeof payload !== 'string') return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

/** The `error` section of a terminus report: each failing component with its details. */
function failedComponents(body: unknown): Record<string, unknown> {
  const error =
    typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : {};
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
}
