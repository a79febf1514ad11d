import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
import { IngestHttpError } from '../http/ingest-http-error';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { GateFullError } from './concurrency-gate';
import type { Authentication, Connector } from './connector';
import { ConnectorsService } from './connectors.service';
import { RateLimiter } from './rate-limiter.service';

export type CredentialScheme = 'bearer' | 'basic';

/**
 * Reads the connector key from the Authorization header and turns refusals into HTTP errors.
 * Refused and missing keys are counted per source address (the socket's, as Fastify reports
 * it); a source past its budget is answered 429 for any key this replica has not verified,
 * without a check, after INGEST_AUTH_THROTTLED_DELAY_MS.
 */
@Injectable()
export class ConnectorAuth {
  private readonly throttle: AuthFailureThrottle;
  private readonly throttledDelayMs: number;

  constructor(
    private readonly connectors: ConnectorsService,
    private readonly rateLimiter: RateLimiter,
    @Inject(SERVICE_CONFIG) config: IngestConfig,
  ) {
    this.throttle = new AuthFailureThrottle({
      perSecond: config.authThrottle.failuresPerSecond,
      burst: config.authThrottle.failureBurst,
      sources: config.authThrottle.sources,
    });
    this.throttledDelayMs = config.authThrottle.throttledDelayMs;
  }

  /**
   * `Bearer <key>` for the connector API; Basic with the key as user name for Segment's API.
   * `source` is the client's address.
   */
  async authenticate(
    authorization: string | undefined,
    scheme: CredentialScheme,
    source: string,
  ): Promise<Connector> {
    const key = keyFrom(authorization, scheme);
    const verified = key === undefined ? undefined : this.connectors.verified(key);
    if (verified !== undefined) return accepted(verified);
    const retryAfter = this.throttle.take(source);
    if (retryAfter > 0) {
      await delay(this.throttledDelayMs);
      throw new IngestHttpError(
        429,
        'auth_throttled',
        `too many refused connector keys from this address; retry after ${retryAfter} s`,
        { 'Retry-After': String(retryAfter) },
      );
    }
    if (key === undefined) {
      const expected =
        scheme === 'bearer'
          ? 'Authorization: Bearer <connector key>'
          : 'HTTP Basic auth with the write key as the user name';
      throw new IngestHttpError(
        401,
        'missing_key',
        `missing connector key: send ${expected}`,
        scheme === 'basic' ? { 'WWW-Authenticate': 'Basic realm="omni-ingest"' } : {},
      );
    }
    const result = await this.connectors
      .authenticate(key, { refuseWhenBusy: true })
      .catch((error: unknown) => {
        this.throttle.giveBack(source);
        if (!(error instanceof GateFullError)) throw error;
        throw new IngestHttpError(
          429,
          'auth_busy',
          'too many connector keys are waiting to be checked; retry after 1 s',
          { 'Retry-After': '1' },
        );
      });
    if (result.ok || result.reason !== 'invalid_key') this.throttle.giveBack(source);
    return accepted(result);
  }

  /** Spends `events` tokens of the connector's bucket or answers 429 with Retry-After. */
  async admit(connector: Connector, events: number): Promise<void> {
    const decision = await this.rateLimiter.take(connector, events);
    if (!decision.granted) {
      throw new IngestHttpError(
        429,
        'rate_limited',
        `connector ${connector.id} is limited to ${connector.rateLimitPerSecond} events/s (burst ${connector.burst}); retry after ${decision.retryAfterSeconds} s`,
        { 'Retry-After': String(decision.retryAfterSeconds) },
      );
    }
  }
}

/** The connector of an accepted key, or the refusal as an HTTP error. */
function accepted(result: Authentication): Connector {
  if (result.ok) return result.connector;
  if (result.reason === 'connector_disabled')
    throw new IngestHttpError(
      403,
      'connector_disabled',
      'this connector is disabled; ask an operator to enable it or issue a new connector',
    );
  throw new IngestHttpError(401, 'invalid_key', 'unknown or revoked connector key');
}

function keyFrom(authorization: string | undefined, scheme: CredentialScheme): string | undefined {
  if (authorization === undefined) return undefined;
  const [kind, value] = authorization.trim().split(/\s+/, 2);
  if (value === undefined || kind.toLowerCase() !== scheme) return undefined;
  if (scheme === 'bearer') return value;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user === '' ? undefined : user;
}
