import { Module } from '@nestjs/common';
import { CustomerProfilesRepository } from './customer-profiles.repository';
import { CustomersRepository } from './customers.repository';
import { MergedCustomerRedirect } from './merged-customer';

/** The customers table, facts and folded profiles, shared by points, tiers and identity changes. */
@Module({
  providers: [CustomersRepository, CustomerProfilesRepository, MergedCustomerRedirect],
  exports: [CustomersRepository, CustomerProfilesRepository, MergedCustomerRedirect],
})
export class CustomersDataModule {}
