import { Module } from '@nestjs/common';
import { CustomersDataModule } from '../customers/customers-data.module';
import { TiersModule } from '../tiers/tiers.module';
import { IdentityChangesRepository } from './identity-changes.repository';
import { IdentityChangesService } from './identity-changes.service';
import { ProfileChangesHandler } from './profile-changes.consumer';

@Module({
  imports: [CustomersDataModule, TiersModule],
  providers: [IdentityChangesRepository, IdentityChangesService, ProfileChangesHandler],
  exports: [IdentityChangesService],
})
export class IdentityChangesModule {}
