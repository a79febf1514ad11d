import { CustomerFactEntity } from './customer-fact.entity';
import { CustomerEntity, ErasedCustomerEntity } from './customer.entity';
import { RedemptionEntity } from '../points/redemption.entity';
import { TierChangeEntity } from '../tiers/tier-change.entity';

/** The TypeORM entities of customers, points and tiers (lots and the ledger are written in bulk by PointsRepository). */
export const crmCoreEntities = [
  CustomerEntity,
  ErasedCustomerEntity,
  CustomerFactEntity,
  RedemptionEntity,
  TierChangeEntity,
];
