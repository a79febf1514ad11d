import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { PointsRepository } from '../points/points.repository';
import { customerNotFound } from '../points/points.service';
import { TiersService } from '../tiers/tiers.service';
import { foldProfile } from './customer-profile';
import { CustomersRepository } from './customers.repository';
import type { CustomerProfile } from './dto/customer.dto';
import type { TraitStrategy } from './trait-strategies';

/** A customer's profile, folded from its facts when read, with tier and points. */
@Injectable()
export class CustomerProfileService {
  private readonly strategies: Record<string, TraitStrategy>;

  constructor(
    @Inject(SERVICE_CONFIG) config: CrmConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersRepository,
    private readonly points: PointsRepository,
    private readonly tiers: TiersService,
  ) {
    this.strategies = config.loyalty.traits;
  }

  async profile(customerId: string): Promise<CustomerProfile> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const customer = await this.customers.find(tx, customerId);
      if (customer === undefined) throw customerNotFound(customerId);
      const [facts, balance, qualification, changes] = [
        await this.customers.facts(tx, customerId),
        await this.points.balance(tx, customerId),
        await this.tiers.qualification(tx, customerId, new Date()),
        await this.tiers.changes(tx, customerId),
      ];
      return {
        customerId,
        tier: customer.tier,
        tierSince: customer.tierSince.toISOString(),
        benefits: this.tiers.benefitsOf(customer.tier),
        points: { balance, tierQualifying: qualification.activity.points },
        ...foldProfile(facts, this.strategies),
        tierChanges: changes.map((change) => ({
          changeId: change.changeId,
          previousTier: change.previousTier,
          tier: change.tier,
          reason: change.reason,
          assessment: change.assessment,
          occurredAt: change.occurredAt.toISOString(),
        })),
      };
    });
  }
}
