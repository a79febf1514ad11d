import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Outbox } from '@omni/messaging';
import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { apiError } from '../admin-auth/api-error';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import {
  bumpVersion,
  lockProfiles,
  readProfiles,
  recordProfileChange,
  survivorOf,
} from '../graph/graph.repository';
import { profileChangeMessage } from '../graph/profile-change-events';

export const erasureRequestSchema = z.strictObject({
  customerId: z.string().min(1).max(128),
  actor: z.string().min(1).max(200).default('data-subject-request'),
  reason: z.string().min(1).max(2000).default('right to be forgotten'),
});

export class ErasureRequestDto {
  @ApiProperty({ example: 'cus_1a2b3c' }) customerId!: string;
  @ApiProperty({ required: false, example: 'dpo:zhang.min' }) actor?: string;
  @ApiProperty({ required: false, example: 'PIPL deletion request #4711' }) reason?: string;
}

export class ErasureResultDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ description: 'Identifiers deleted and added to the suppression list.' })
  erasedIdentifiers!: number;
  @ApiProperty() version!: number;
}

/**
 * The right to be forgotten: identifiers, links and drops of the profile are deleted, their
 * HMACs go to the suppression list so no event links them again, pending resolved events
 * for the profile are withdrawn from the outbox, and profile.erased tells every service.
 */
@Injectable()
export class ErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly outbox: Outbox,
  ) {}

  erase(request: z.output<typeof erasureRequestSchema>): Promise<ErasureResultDto> {
    return this.dataSource.transaction(async (tx) => {
      const survivor = await survivorOf(tx, request.customerId);
      if (survivor === undefined)
        throw apiError(
          HttpStatus.NOT_FOUND,
          'profile_not_found',
          `no profile ${request.customerId}`,
        );
      const customerId = survivor.customerId;
      await lockProfiles(tx, [customerId]);
      const current = (await readProfiles(tx, [customerId])).get(customerId);
      if (current?.status === 'erased')
        throw apiError(
          HttpStatus.CONFLICT,
          'already_erased',
          `profile ${customerId} is already erased`,
        );
      if (current?.status !== 'active')
        throw apiError(
          HttpStatus.CONFLICT,
          'profile_changed',
          `profile ${customerId} changed while erasing; retry`,
        );
      const erasureId = `erasure-${randomUUID()}`;
      const suppressed: { hash: string }[] = await tx.query(
        `INSERT INTO suppressions (hash, identifier_type, erasure_id)
         SELECT hash, type, $2 FROM identifiers WHERE profile_id = $1
         ON CONFLICT (hash) DO NOTHING RETURNING hash`,
        [customerId, erasureId],
      );
      const aliases: { customer_id: string }[] = await tx.query(
        `SELECT customer_id FROM profiles WHERE merged_into = $1`,
        [customerId],
      );
      const allIds = [customerId, ...aliases.map((a) => a.customer_id)];
      // Links go with their identifiers (ON DELETE CASCADE).
      await tx.query(`DELETE FROM identifiers WHERE profile_id = $1`, [customerId]);
      await tx.query(`DELETE FROM resolution_drops WHERE customer_id = ANY($1::text[])`, [allIds]);
      // Resolved events not yet relayed still carry the raw identifiers.
      await this.outbox.discard(tx, this.config.topics.resolved, allIds);
      await tx.query(`UPDATE profiles SET status = 'erased' WHERE customer_id = $1`, [customerId]);
      const version = await bumpVersion(tx, customerId);
      await recordProfileChange(tx, {
        customerId,
        kind: 'erased',
        relatedIds: aliases.map((a) => a.customer_id),
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
      return { customerId, erasedIdentifiers: suppressed.length, version };
    });
  }
}
