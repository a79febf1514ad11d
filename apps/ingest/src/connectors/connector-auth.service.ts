import { Injectable } from '@nestjs/common';
import { IngestHttpError } from '../http/ingest-http-error';
import type { Connector } from './connector';
import { ConnectorsService } from './connectors.service';
import { RateLimiter } from './rate-limiter.service';

export type CredentialScheme = 'bearer' | 'basic';

/** Reads the connector key from the Authorization header and turns refusals into HTTP errors. */
@Injectable()
export class ConnectorAuth {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** `Bearer <key>` for the connector API; Basic with the key as user name for Segment's API. */
  async authenticate(
    authorization: string | undefined,
    scheme: CredentialScheme,
  ): Promise<Connector> {
    const key = keyFrom(authorization, scheme);
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
    const result = await this.connectors.authenticate(key);
    if (result.ok) return result.connector;
    if (result.reason === 'connector_disabled')
      throw new IngestHttpError(
        403,
        'connector_disabled',
        'this connector is disabled; ask an operator to enable it or issue a new connector',
      );
    throw new IngestHttpError(401, 'invalid_key', 'unknown or revoked connector key');
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

function keyFrom(authorization: string | undefined, scheme: CredentialScheme): string | undefined {
  if (authorization === undefined) return undefined;
  const [kind, value] = authorization.trim().split(/\s+/, 2);
  if (value === undefined || kind.toLowerCase() !== scheme) return undefined;
  if (scheme === 'bearer') return value;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user === '' ? undefined : user;
}
