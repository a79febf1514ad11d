import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PathEvent } from './funnel';

export type FunnelScope = {
  startTypes: readonly string[];
  /** Event types to read; every type when undefined (strict funnels need every event). */
  types?: readonly string[];
  from: Date;
  to: Date;
  until: Date;
  /** Whether steps filter on payload values; without filters the payloads are not read. */
  withProperties: boolean;
};

/**
 * Per customer with a possible start in range, their events from `from` to `until`, by time
 * (simultaneous ones in the timelines' order: type, channel, campaign).
 */
@Injectable()
export class FunnelsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async countStarters(scope: FunnelScope): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(DISTINCT customer_id) AS n FROM events
        WHERE type = ANY($1::text[]) AND occurred_at >= $2 AND occurred_at < $3`,
      [scope.startTypes, scope.from.toISOString(), scope.to.toISOString()],
    );
    return Number(rows[0].n);
  }

  async paths(scope: FunnelScope): Promise<Map<string, PathEvent[]>> {
    const rows: {
      customer_id: string;
      type: string;
      occurred_at: Date;
      channel: string;
      campaign_id: string;
      properties: Record<string, unknown> | null;
    }[] = await this.dataSource.query(
      `WITH starters AS (
         SELECT DISTINCT customer_id FROM events
          WHERE type = ANY($1::text[]) AND occurred_at >= $2 AND occurred_at < $3
       )
       SELECT e.customer_id, e.type, e.occurred_at, e.channel, e.campaign_id,
              CASE WHEN $6 THEN e.properties END AS properties
         FROM events e JOIN starters s ON s.customer_id = e.customer_id
        WHERE e.occurred_at >= $2 AND e.occurred_at <= $4
          AND ($5::text[] IS NULL OR e.type = ANY($5::text[]))
        ORDER BY e.customer_id, e.occurred_at, e.type COLLATE "C", e.channel COLLATE "C",
                 e.campaign_id COLLATE "C", e.event_key`,
      [
        scope.startTypes,
        scope.from.toISOString(),
        scope.to.toISOString(),
        scope.until.toISOString(),
        scope.types ?? null,
        scope.withProperties,
      ],
    );
    const paths = new Map<string, PathEvent[]>();
    for (const row of rows) {
      let path = paths.get(row.customer_id);
      if (path === undefined) {
        path = [];
        paths.set(row.customer_id, path);
      }
      path.push({
        type: row.type,
        at: new Date(row.occurred_at).getTime(),
        channel: row.channel,
        campaignId: row.campaign_id,
        properties: row.properties ?? {},
      });
    }
    return paths;
  }
}
