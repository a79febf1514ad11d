import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
import type { Connector } from './connector';
import { RateLimitBucketsRepository, type BucketLease } from './rate-limit-buckets.repository';

export type RateDecision = { granted: true } | { granted: false; retryAfterSeconds: number };

type Lease = { tokens: number; expiresAt: number };

/**
 * A token bucket per connector, counted in events, kept in Postgres so the limit holds across
 * every replica (a node-local limiter would multiply it by the replica count).
 *
 * A replica takes tokens from the shared bucket in leases of up to INGEST_RATE_LEASE_MS worth
 * of the connector's rate (never more than its burst) and spends them locally, so a busy
 * connector costs one UPDATE per lease instead of one per request. Leased tokens left unused
 * when the lease ends are dropped, never returned: replicas together can never spend more
 * than the bucket granted. With INGEST_RATE_LEASE_MS=0 every request asks the database.
 *
 * The lease's UPDATE runs outside the ingest transaction (RateLimitBucketsRepository).
 */
@Injectable()
export class RateLimiter {
  private readonly leases = new Map<string, Lease>();
  // One bucket request per connector at a time: concurrent requests wait for its lease.
  private readonly acquiring = new Map<string, Promise<unknown>>();
  private readonly leaseMs: number;

  constructor(
    private readonly buckets: RateLimitBucketsRepository,
    @Inject(SERVICE_CONFIG) config: { rateLimit: Pick<IngestConfig['rateLimit'], 'leaseMs'> },
  ) {
    this.leaseMs = config.rateLimit.leaseMs;
  }

  async take(connector: Connector, events: number): Promise<RateDecision> {
    // A batch larger than the burst could never pass; it costs the whole bucket instead.
    const cost = Math.min(Math.max(events, 1), connector.burst);
    for (let inFlight = this.acquiring.get(connector.id); inFlight !== undefined;) {
      await inFlight;
      inFlight = this.acquiring.get(connector.id);
    }
    const lease = this.liveLease(connector.id);
    if (lease !== undefined && lease.tokens >= cost) {
      lease.tokens -= cost;
      return { granted: true };
    }
    // The lease's remainder goes towards this request; nobody else spends it meanwhile.
    const kept = lease?.tokens ?? 0;
    if (lease !== undefined) lease.tokens = 0;
    const acquisition = this.acquire(connector, cost, kept);
    const marker = acquisition.catch(() => undefined);
    this.acquiring.set(connector.id, marker);
    try {
      return await acquisition;
    } finally {
      if (this.acquiring.get(connector.id) === marker) this.acquiring.delete(connector.id);
    }
  }

  private liveLease(connectorId: string): Lease | undefined {
    const lease = this.leases.get(connectorId);
    return lease !== undefined && lease.expiresAt > Date.now() ? lease : undefined;
  }

  private async acquire(connector: Connector, cost: number, kept: number): Promise<RateDecision> {
    // What the bucket must give for this request, and how much to lease while at it.
    const needed = cost - kept;
    const wanted = Math.max(
      needed,
      Math.min(connector.burst, Math.ceil((connector.rateLimitPerSecond * this.leaseMs) / 1_000)),
    );
    let row: BucketLease | undefined;
    try {
      row = await this.buckets.lease(
        connector.id,
        { ratePerSecond: connector.rateLimitPerSecond, burst: connector.burst },
        needed,
        wanted,
      );
    } catch (error) {
      this.keep(connector.id, kept);
      throw error;
    }
    if (row === undefined) {
      this.keep(connector.id, kept);
      return { granted: true };
    }
    if (row.leased >= needed) {
      this.keep(connector.id, kept + row.leased - cost, Date.now() + this.leaseMs);
      return { granted: true };
    }
    this.keep(connector.id, kept);
    return {
      granted: false,
      retryAfterSeconds: Math.max(
        1,
        Math.ceil((needed - row.available) / connector.rateLimitPerSecond),
      ),
    };
  }

  /** Adds tokens to the connector's live lease, or starts a new one ending at `expiresAt`. */
  private keep(connectorId: string, tokens: number, expiresAt?: number): void {
    const live = this.liveLease(connectorId);
    if (live !== undefined) {
      live.tokens += tokens;
      if (expiresAt !== undefined) live.expiresAt = expiresAt;
    } else if (expiresAt !== undefined) {
      this.leases.set(connectorId, { tokens, expiresAt });
    }
  }
}
