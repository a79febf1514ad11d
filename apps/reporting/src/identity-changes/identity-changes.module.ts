import { Module } from '@nestjs/common';
import { FactsModule } from '../facts/facts.module';
import { IdentityChangesRepository } from './identity-changes.repository';
import { IdentityChangesService } from './identity-changes.service';
import { ProfileChangesHandler } from './profile-changes.consumer';
import { TimelinesModule } from '../timelines/timelines.module';

@Module({
  imports: [FactsModule, TimelinesModule],
  providers: [IdentityChangesRepository, IdentityChangesService, ProfileChangesHandler],
})
export class IdentityChangesModule {}
