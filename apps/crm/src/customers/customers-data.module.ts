import { Module } from '@nestjs/common';
import { CustomersRepository } from './customers.repository';
import { MergedCustomerRedirect } from './merged-customer';

/** The customers table and facts, shared by points, tiers and identity changes. */
@Module({
  providers: [CustomersRepository, MergedCustomerRedirect],
  exports: [CustomersRepository, MergedCustomerRedirect],
})
export class CustomersDataModule {}
