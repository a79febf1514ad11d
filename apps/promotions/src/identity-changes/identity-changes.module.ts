import { Module } from '@nestjs/common';
import { ExportController } from './export.controller';
import { IdentityChangesRepository } from './identity-changes.repository';
import { IdentityChangesService } from './identity-changes.service';
import { ProfileChangesHandler } from './profile-changes.consumer';

/** Per-customer data under identity merges, splits and erasure, and its export. */
@Module({
  controllers: [ExportController],
  providers: [IdentityChangesRepository, IdentityChangesService, ProfileChangesHandler],
})
export class IdentityChangesModule {}
