import { Module } from '@nestjs/common';
import { FactsModule } from '../facts/facts.module';
import { IdentityChangesRepository } from './identity-changes.repository';
import { IdentityChangesService } from './identity-changes.service';
import { ProfileChangesHandler } from './profile-changes.consumer';

@Module({
  imports: [FactsModule],
  providers: [IdentityChangesRepository, IdentityChangesService, ProfileChangesHandler],
})
export class IdentityChangesModule {}
