import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@omni/messaging';
import { ApiError } from '@omni/platform';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IdentityConfig } from '../config/identity-config';
import { profileChangeMessage } from '../profiles/profile-change-events';
import { ProfileRepository } from '../profiles/profile.repository';
import { lockProfiles } from '../resolution/graph-locks';
import type { ErasureRequest, ErasureResultDto } from './dto/erasure.dto';
import { ErasureRepository } from './erasure.repository';

/**
 * The right to be forgotten: identifiers, links and drops of the profile are deleted, their
 * HMACs go to the suppression list so no event links them again, pending resolved events
 * for the profile are withdrawn from the outbox, and profile.erased tells every service.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
    private readonly outbox: Outbox,
    private readonly profiles: ProfileRepository,
    private readonly erasures: ErasureRepository,
  ) {}

  erase(request: ErasureRequest): Promise<ErasureResultDto> {
    return this.dataSource.transaction(async (tx) => {
      const survivor = await this.profiles.survivorOf(request.customerId, tx);
      if (survivor === undefined)
        throw new ApiError(404, 'profile_not_found', `no profile ${request.customerId}`);
      const customerId = survivor.customerId;
      await lockProfiles(tx, [customerId]);
      const current = (await this.profiles.readProfiles(tx, [customerId])).get(customerId);
      if (current?.status === 'erased')
        throw new ApiError(409, 'already_erased', `profile ${customerId} is already erased`);
      if (current?.status !== 'active')
        throw new ApiError(
          409,
          'profile_changed',
          `profile ${customerId} changed while erasing; retry`,
        );
      const erasureId = `erasure-${randomUUID()}`;
      const erasedIdentifiers = await this.erasures.suppressIdentifiersOf(
        tx,
        customerId,
        erasureId,
      );
      const aliases = await this.profiles.aliasesOf(customerId, tx);
      const allIds = [customerId, ...aliases];
      await this.erasures.deleteIdentifyingRows(tx, customerId, allIds);
      // Resolved events not yet relayed still carry the raw identifiers.
      await this.outbox.discard(tx, this.config.topics.resolved, allIds);
      await this.profiles.setStatus(tx, customerId, 'erased');
      const version = await this.profiles.bumpVersion(tx, customerId);
      await this.profiles.recordProfileChange(tx, {
        customerId,
        kind: 'erased',
        relatedIds: aliases,
        version,
        origin: 'manual',
        actor: request.actor,
        reason: request.reason,
        sourceEventId: erasureId,
      });
      await this.outbox.enqueue(
        tx,
        profileChangeMessage(
          this.config.topics.profileChanges,
          { type: 'profile.erased', customerId, payload: { customerId, version } },
          erasureId,
        ),
      );
      return { customerId, erasedIdentifiers, version };
    });
  }
}
