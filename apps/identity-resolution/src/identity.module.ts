import { Module } from '@nestjs/common';
import { AdminTokenGuard } from './admin-auth/admin-token.guard';
import { IDENTITY_CONFIG, loadIdentityConfig } from './config/identity-config';
import { ConflictsController } from './conflicts/conflicts.controller';
import { ErasureController } from './erasure/erasure.controller';
import { ErasureService } from './erasure/erasure.service';
import { IdentifierVault } from './graph/identifier-vault';
import { IdentityResolver } from './graph/identity-resolver.service';
import { ProfileAdminService } from './profiles/profile-admin.service';
import { ProfileQueryService } from './profiles/profile-query.service';
import { ProfilesController } from './profiles/profiles.controller';
import { ResolutionConsumer, ResolutionHandler } from './resolution/resolution.consumer';

/** Identity resolution: the graph, the resolving consumer and the admin API. */
@Module({
  controllers: [ProfilesController, ConflictsController, ErasureController],
  providers: [
    // Parsed when the app is created, so a bad setting stops start-up with its name.
    { provide: IDENTITY_CONFIG, useFactory: () => loadIdentityConfig() },
    IdentifierVault,
    IdentityResolver,
    ResolutionHandler,
    ResolutionConsumer,
    ProfileQueryService,
    ProfileAdminService,
    ErasureService,
    AdminTokenGuard,
  ],
  exports: [IdentityResolver, ResolutionHandler, IDENTITY_CONFIG],
})
export class IdentityModule {}
