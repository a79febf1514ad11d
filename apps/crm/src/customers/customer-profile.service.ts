import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Tier } from '@omni/contracts';
import { SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { customerNotFound } from '../points/points.service';
import type { TierActivity } from '../tiers/tier-rules';
import { TiersService } from '../tiers/tiers.service';
import { foldProfile, profileOf, type FoldState } from './customer-profile';
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

/** A customer's profile as folded on write, with tier and points: one statement, one snapshot. */
@Injectable()
export class CustomerProfileService {
  private readonly strategies: Record<string, TraitStrategy>;
  private readonly windowDays: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: CrmConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersRepository,
    private readonly tiers: TiersService,
  ) {
    this.strategies = config.loyalty.traits;
    this.windowDays = config.loyalty.tiers.windowDays;
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
    // A customer not touched since profiles were kept on write has no fold row yet.
    const fold =
      row.fold === null
        ? foldProfile(
            await this.customers.facts(this.dataSource.manager, customerId),
            this.strategies,
          )
        : profileOf(row.fold, this.strategies);
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
}
