/** The readiness probe served by @omni/health. */
export const READINESS_PATH = '/health/ready';

/** Liveness, readiness and scrape endpoints are hit every few seconds by machines. */
const probePaths = new Set(['/health/live', READINESS_PATH, '/metrics']);

/**
 * True for probe and scrape traffic, which is neither traced nor logged per request. Middleware
 * mounted by Nest on Fastify sees a rewritten `url`; `originalUrl` keeps the path as requested.
 */
export const isProbeRequest = (request: { url?: string; originalUrl?: string }): boolean =>
  probePaths.has((request.originalUrl ?? request.url ?? '').split('?')[0]);
