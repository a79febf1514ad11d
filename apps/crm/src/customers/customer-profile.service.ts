import { Inject, Injectable } from '@nestjs/common';
import { TIERS } from '@omni/contracts';
import { SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { customerNotFound } from '../points/points.service';
import { TiersService } from '../tiers/tiers.service';
import {
  CustomerAnswersRepository,
  PROFILE_FIELDS,
  type ProfileRow,
  type TierWindow,
} from './customer-answers.repository';
import { foldProfile, profileOf, strategiesKey } from './customer-profile';
import { CustomersRepository } from './customers.repository';
import type { CustomerProfile } from './dto/customer.dto';
import type { TraitStrategy } from './trait-strategies';

const DAY_MS = 86_400_000;

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
    private readonly answers: CustomerAnswersRepository,
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
    const row = await this.answers.answer(
      customerId,
      this.tierWindow(),
      this.benefits,
      this.strategiesKey,
    );
    if (row === undefined) return undefined;
    if (row.fresh) return row.answer;
    const profile = await this.foldOf(customerId, row.fold);
    const answer = JSON.parse(row.answer) as Record<string, unknown>;
    for (const field of PROFILE_FIELDS) answer[field] = profile[field];
    return JSON.stringify(answer);
  }

  async profile(customerId: string): Promise<CustomerProfile> {
    const row = await this.answers.profile(customerId, this.tierWindow());
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

  /** The tier window as of now: the last `windowDays` days. */
  private tierWindow(): TierWindow {
    const to = new Date();
    return { from: new Date(to.getTime() - this.windowDays * DAY_MS), to };
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
