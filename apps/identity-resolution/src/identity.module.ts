import { Module } from '@nestjs/common';
import { ConflictsController } from './conflicts/conflicts.controller';
import { ConflictsRepository } from './conflicts/conflicts.repository';
import { ErasureController } from './erasure/erasure.controller';
import { ErasureRepository } from './erasure/erasure.repository';
import { ErasureService } from './erasure/erasure.service';
import { IdentifierVault } from './identifiers/identifier-vault';
import { IdentityResolver } from './resolution/identity-resolver.service';
import { ProfileAdminService } from './profiles/profile-admin.service';
import { ProfileQueryService } from './profiles/profile-query.service';
import { ProfileRepository } from './profiles/profile.repository';
import { ProfilesController } from './profiles/profiles.controller';
import { ResolutionHandler } from './resolution/resolution.consumer';

/** Identity resolution: the graph, the resolving consumer and the admin API. */
@Module({
  controllers: [ProfilesController, ConflictsController, ErasureController],
  providers: [
    IdentifierVault,
    IdentityResolver,
    ResolutionHandler,
    ProfileQueryService,
    ProfileAdminService,
    ProfileRepository,
    ErasureService,
    ErasureRepository,
    ConflictsRepository,
  ],
  exports: [IdentityResolver, ResolutionHandler],
})
export class IdentityModule {}
