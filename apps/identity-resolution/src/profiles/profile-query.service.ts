import { Injectable } from '@nestjs/common';
import { IDENTIFIER_TYPES } from '@omni/contracts';
import { ApiError } from '@omni/platform';
import { maskValue } from '../identifiers/identifier-crypto';
import { IdentifierVault } from '../identifiers/identifier-vault';
import { baseTypeOf, normaliseValue } from '../identifiers/typed-identifier';
import type { ProfileDto } from './dto/profile.dto';
import { ProfileRepository } from './profile.repository';

/** Read side of the admin API: a profile with masked identifiers, link evidence and history. */
@Injectable()
export class ProfileQueryService {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly vault: IdentifierVault,
  ) {}

  async byCustomerId(customerId: string): Promise<ProfileDto> {
    const profile = await this.profiles.survivorOf(customerId);
    if (profile === undefined)
      throw new ApiError(404, 'profile_not_found', `no profile ${customerId}`);
    const id = profile.customerId;
    const identifiers = await this.profiles.identifiersOf(id);
    const links = await this.profiles.linksOf(id);
    const aliases = await this.profiles.aliasesOf(id);
    const history = await this.profiles.historyOf(id);
    return {
      customerId: id,
      aliases,
      status: profile.status,
      version: profile.version,
      suppressed: profile.suppressed,
      identifiers: identifiers.map((row) => ({
        id: row.id,
        type: row.type,
        maskedValue: maskValue(
          row.base_type,
          this.vault.open(row.type, { keyId: row.key_id, ciphertext: row.value_encrypted }),
        ),
        linkedAt: row.linked_at.toISOString(),
      })),
      links: links.map((row) => ({
        id: row.id,
        fromIdentifierId: row.from_identifier,
        toIdentifierId: row.to_identifier,
        sourceEventId: row.source_event_id,
        channel: row.channel,
        rule: row.rule,
        occurredAt: row.occurred_at.toISOString(),
        active: row.active,
      })),
      history: history.map((row) => ({
        kind: row.kind,
        customerId: row.customer_id,
        relatedIds: row.related_ids,
        version: row.version,
        origin: row.origin,
        actor: row.actor,
        reason: row.reason,
        sourceEventId: row.source_event_id,
        at: row.created_at.toISOString(),
      })),
    };
  }

  async byIdentifier(type: string, value: string): Promise<ProfileDto> {
    const hash = this.hashOf(type, value);
    const profileId = await this.profiles.profileIdByHash(hash);
    if (profileId === undefined)
      throw new ApiError(404, 'identifier_not_found', `no profile holds that ${type}`);
    return this.byCustomerId(profileId);
  }

  /** The look-up hash of a typed value, normalised exactly as resolution does. */
  hashOf(type: string, value: string): string {
    const baseType = baseTypeOf(type, IDENTIFIER_TYPES);
    if (baseType === undefined)
      throw new ApiError(
        400,
        'invalid_request',
        `type: expected one of ${IDENTIFIER_TYPES.join(', ')} (scoped as wechatOpenId:<appId>, platformUserId:<channel>)`,
      );
    return this.vault.hash(type, normaliseValue(baseType, value));
  }
}
