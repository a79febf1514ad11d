import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The connectors' token buckets in Postgres, shared by every replica. */
@Injectable()
export class RateLimitBucketsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Refills the connector's bucket to now (at `ratePerSecond`, never above `burst`) and takes
   * `wanted` tokens when at least `needed` are there, else none, in one statement outside any
   * other transaction, re-reading the row under its lock so concurrent requests never spend the
   * same tokens. Undefined when the connector has no bucket.
   */
  async lease(
    connectorId: string,
    { ratePerSecond, burst }: { ratePerSecond: number; burst: number },
    needed: number,
    wanted: number,
  ): Promise<BucketLease | undefined> {
    const [rows]: [BucketLease[], number] = await this.dataSource.query(
      `WITH bucket AS (
         SELECT connector_id,
                LEAST($3::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - refilled_at)) * $2::float8) AS available
         FROM rate_limit_buckets WHERE connector_id = $1 FOR UPDATE
       ), decision AS (
         SELECT connector_id, available,
                CASE WHEN available >= $4::float8 THEN LEAST(available, $5::float8) ELSE 0 END AS leased
         FROM bucket
       )
       UPDATE rate_limit_buckets AS b
       SET tokens = d.available - d.leased, refilled_at = GREATEST(b.refilled_at, now())
       FROM decision AS d WHERE b.connector_id = d.connector_id
       RETURNING d.leased, d.available`,
      [connectorId, ratePerSecond, burst, needed, wanted],
    );
    return rows[0];
  }
}

/** What a lease took (`leased`, 0 when refused) of the tokens the bucket had (`available`). */
export type BucketLease = { leased: number; available: number };
