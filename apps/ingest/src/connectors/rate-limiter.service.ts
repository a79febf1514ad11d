import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Connector } from './connector';

export type RateDecision = { granted: true } | { granted: false; retryAfterSeconds: number };

/**
 * A token bucket per connector, counted in events, kept in Postgres so the limit holds across
 * every replica (a node-local limiter would multiply it by the replica count). One UPDATE per
 * request, outside the ingest transaction so the row lock is held for microseconds. The
 * update re-reads the row under its lock, so concurrent requests never spend the same tokens.
 */
@Injectable()
export class RateLimiter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async take(connector: Connector, events: number): Promise<RateDecision> {
    // A batch larger than the burst could never pass; it costs the whole bucket instead.
    const cost = Math.min(Math.max(events, 1), connector.burst);
    const [rows]: [{ granted: boolean; tokens: number }[]] = await this.dataSource.query(
      `UPDATE rate_limit_buckets SET
         granted = LEAST($3::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - refilled_at)) * $2::float8) >= $4::float8,
         tokens = LEAST($3::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - refilled_at)) * $2::float8)
                  - CASE WHEN LEAST($3::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - refilled_at)) * $2::float8) >= $4::float8 THEN $4::float8 ELSE 0 END,
         refilled_at = GREATEST(refilled_at, now())
       WHERE connector_id = $1
       RETURNING granted, tokens`,
      [connector.id, connector.rateLimitPerSecond, connector.burst, cost],
    );
    const row = rows[0];
    if (row === undefined || row.granted) return { granted: true };
    return {
      granted: false,
      retryAfterSeconds: Math.max(1, Math.ceil((cost - row.tokens) / connector.rateLimitPerSecond)),
    };
  }
}
