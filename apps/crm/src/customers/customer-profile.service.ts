import { Inject, Injectable } from '@nestjs/common';
import { TIERS, type Tier } from '@omni/contracts';
import { SERVICE_CONFIG } from '@omni/platform';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { summaryJsonFields } from '../insights/customer-insights.service';
import { isoText } from '../json-sql';
import { customerNotFound } from '../points/points.service';
import type { TierActivity } from '../tiers/tier-rules';
import { TiersService } from '../tiers/tiers.service';
import { foldProfile, profileOf, strategiesKey, type FoldState } from './customer-profile';
import { CustomersRepository } from './customers.repository';
import type { CustomerProfile } from './dto/customer.dto';
import type { TraitStrategy } from './trait-strategies';

const DAY_MS = 86_400_000;

type ProfileRow = {
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
const PROFILE_FIELDS = [
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

/** A customer's profile as folded on write, with tier and points: one statement, one snapshot. */
@Injectable()
export class CustomerProfileService {
  private readonly strategies: Record<string, TraitStrategy>;
  private readonly strategiesKey: string;
  private readonly windowDays: number;
  /** Every tier's benefits, as JSON for the answer's statement. */
  private readonly benefits: string;

  constructor(
    @Inject(SERVICE_CONFIG) config: CrmConfig,
    private readonly dataSource: DataSource,
    private readonly customers: CustomersRepository,
    private readonly tiers: TiersService,
  ) {
    this.strategies = config.loyalty.traits;
    this.strategiesKey = strategiesKey(this.strategies);
    this.windowDays = config.loyalty.tiers.windowDays;
    this.benefits = JSON.stringify(
      Object.fromEntries(TIERS.map((tier) => [tier, this.tiers.benefitsOf(tier)])),
    );
  }

  /**
   * `GET /v1/customers/{id}`'s answer as JSON text, assembled by Postgres in one statement:
   * the customer, tier and benefits, points, the profile kept on write, tier changes and the
   * insights summary (`CustomerView`). A kept profile that is missing or was merged by other
   * trait strategies is folded here instead. Undefined when there is no such customer.
   */
  async answer(customerId: string): Promise<string | undefined> {
    const now = new Date();
    // A named statement: parsed and planned once per connection, not per request.
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const {
      rows: [row],
    } = await pool.query<{ answer: string; fresh: boolean; fold: FoldState | null }>({
      name: 'crm.customer-answer',
      text: ANSWER_SQL,
      values: [
        customerId,
        new Date(now.getTime() - this.windowDays * DAY_MS),
        now,
        this.benefits,
        this.strategiesKey,
      ],
    });
    if (row === undefined) return undefined;
    if (row.fresh) return row.answer;
    const profile = await this.foldOf(customerId, row.fold);
    const answer = JSON.parse(row.answer) as Record<string, unknown>;
    for (const field of PROFILE_FIELDS) answer[field] = profile[field];
    return JSON.stringify(answer);
  }

  async profile(customerId: string): Promise<CustomerProfile> {
    const now = new Date();
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
      [customerId, new Date(now.getTime() - this.windowDays * DAY_MS), now],
    );
    if (row === undefined) throw customerNotFound(customerId);
    const fold = await this.foldOf(customerId, row.fold);
    return {
      customerId,
      tier: row.tier,
      tierSince: new Date(row.tier_since).toISOString(),
      benefits: this.tiers.benefitsOf(row.tier),
      points: { balance: Number(row.balance), tierQualifying: Number(row.tier_points) },
      ...fold,
      tierChanges: row.changes.map((change) => ({
        ...change,
        occurredAt: new Date(change.occurredAt).toISOString(),
      })),
    };
  }

  /**
   * The customer's profile under the configured strategies: from its kept fold, or folded from its
   * facts when it has none (a customer not touched since profiles were kept on write).
   */
  private async foldOf(customerId: string, kept: ProfileRow['fold']) {
    return kept === null
      ? foldProfile(
          await this.customers.facts(this.dataSource.manager, customerId),
          this.strategies,
        )
      : profileOf(kept, this.strategies);
  }
}
