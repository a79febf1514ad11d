import { Injectable } from '@nestjs/common';
import type { Tier } from '@omni/contracts';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { summaryJsonFields } from '../insights/insights.repository';
import { isoText } from '../json-sql';
import type { TierActivity } from '../tiers/tier-rules';
import type { FoldState } from './customer-profile';

export type ProfileRow = {
  tier: Tier;
  tier_since: Date;
  fold: FoldState | null;
  balance: string;
  tier_points: string;
  changes: {
    changeId: string;
    previousTier: Tier | null;
    tier: Tier;
    reason: 'qualifying-activity' | 'assessment' | 'manual';
    assessment: TierActivity & { score: number };
    occurredAt: string;
  }[];
};

/** The profile's fields in the answer, as `ProfileFold` orders them. */
export const PROFILE_FIELDS = [
  'firstSeenAt',
  'lastSeenAt',
  'traits',
  'channels',
  'orders',
  'storeVisits',
  'reviews',
  'serviceContacts',
] as const;

/**
 * The customer as `GET /v1/customers/{id}` answers it ($1 its id; $2, $3 the tier window;
 * $4 every tier's benefits; $5 the trait strategies' key), and the fold to merge again when
 * the kept view is missing or was merged by other strategies.
 */
export const ANSWER_SQL = `SELECT json_build_object(
    'customerId', c.customer_id,
    'tier', c.tier,
    'tierSince', ${isoText('c.tier_since')},
    'benefits', $4::json -> c.tier,
    'points', json_build_object(
      'balance', (SELECT coalesce(sum(delta), 0) FROM point_ledger
                   WHERE customer_id = c.customer_id),
      'tierQualifying', (SELECT coalesce(sum(points), 0) FROM tier_points
                   WHERE customer_id = c.customer_id AND occurred_at > $2 AND occurred_at <= $3)),
    ${PROFILE_FIELDS.map((field) => `'${field}', v.view -> '${field}'`).join(', ')},
    'tierChanges', (SELECT coalesce(json_agg(json_build_object('changeId', t.change_id,
        'previousTier', t.previous_tier, 'tier', t.tier, 'reason', t.reason,
        'assessment', t.assessment, 'occurredAt', ${isoText('t.occurred_at')})
        ORDER BY t.seq), '[]')
      FROM tier_changes t WHERE t.customer_id = c.customer_id),
    ${summaryJsonFields('c.customer_id', 'i')}
  )::text AS answer,
  v.view IS NOT NULL AS fresh,
  CASE WHEN v.view IS NULL THEN p.fold END AS fold
  FROM customers c
  LEFT JOIN customer_profiles p ON p.customer_id = c.customer_id
  LEFT JOIN LATERAL (SELECT p.view WHERE p.view_strategies = $5) v ON true
  LEFT JOIN customer_insights i ON i.customer_id = c.customer_id
  WHERE c.customer_id = $1`;

/** The tier window a customer's qualifying points are summed over. */
export type TierWindow = { from: Date; to: Date };

/** The customer API's reads: the answer assembled by Postgres, and the profile's rows. */
@Injectable()
export class CustomerAnswersRepository {
  private readonly pool: Pool;

  constructor(private readonly dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  /**
   * `GET /v1/customers/{id}`'s answer as JSON text (`fresh` when the kept view was merged by
   * `strategiesKey`'s strategies, else the fold to merge again); undefined for no such customer.
   */
  async answer(
    customerId: string,
    window: TierWindow,
    benefits: string,
    strategiesKey: string,
  ): Promise<{ answer: string; fresh: boolean; fold: FoldState | null } | undefined> {
    // A named statement: parsed and planned once per connection, not per request.
    const {
      rows: [row],
    } = await this.pool.query<{ answer: string; fresh: boolean; fold: FoldState | null }>({
      name: 'crm.customer-answer',
      text: ANSWER_SQL,
      values: [customerId, window.from, window.to, benefits, strategiesKey],
    });
    return row;
  }

  /** The customer's tier, points, kept fold and tier changes; undefined for no such customer. */
  async profile(customerId: string, window: TierWindow): Promise<ProfileRow | undefined> {
    const [row]: ProfileRow[] = await this.dataSource.query(
      `SELECT c.tier, c.tier_since, p.fold,
         (SELECT coalesce(sum(delta), 0) FROM point_ledger WHERE customer_id = c.customer_id) AS balance,
         (SELECT coalesce(sum(points), 0) FROM tier_points
           WHERE customer_id = c.customer_id AND occurred_at > $2 AND occurred_at <= $3) AS tier_points,
         (SELECT coalesce(json_agg(json_build_object('changeId', t.change_id,
                   'previousTier', t.previous_tier, 'tier', t.tier, 'reason', t.reason,
                   'assessment', t.assessment, 'occurredAt', t.occurred_at) ORDER BY t.seq), '[]')
           FROM tier_changes t WHERE t.customer_id = c.customer_id) AS changes
       FROM customers c LEFT JOIN customer_profiles p ON p.customer_id = c.customer_id
       WHERE c.customer_id = $1`,
      [customerId, window.from, window.to],
    );
    return row;
  }
}
