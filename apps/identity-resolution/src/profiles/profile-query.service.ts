import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IDENTIFIER_TYPES } from '@omni/contracts';
import type { DataSource } from 'typeorm';
import { apiError } from '../admin-auth/api-error';
import { IdentifierVault } from '../graph/identifier-vault';
import { survivorOf } from '../graph/graph.repository';
import { maskValue } from '../identifiers/identifier-crypto';
import { baseTypeOf, normaliseValue } from '../identifiers/typed-identifier';
import type { ProfileDto } from './dto/profile.dto';

/** Read side of the admin API: a profile with masked identifiers, link evidence and history. */
@Injectable()
export class ProfileQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vault: IdentifierVault,
  ) {}

  async byCustomerId(customerId: string): Promise<ProfileDto> {
    const manager = this.dataSource.manager;
    const profile = await survivorOf(manager, customerId);
    if (profile === undefined)
      throw apiError(HttpStatus.NOT_FOUND, 'profile_not_found', `no profile ${customerId}`);
    const id = profile.customerId;
    const identifiers: {
      id: string;
      type: string;
      base_type: string;
      key_id: string;
      value_encrypted: string;
      linked_at: Date;
    }[] = await manager.query(
      `SELECT i.id::text AS id, i.type, i.base_type, i.key_id, i.value_encrypted, i.linked_at FROM identifiers i WHERE i.profile_id = $1 ORDER BY i.id`,
      [id],
    );
    const links: {
      id: string;
      from_identifier: string;
      to_identifier: string;
      source_event_id: string;
      channel: string | null;
      rule: string;
      occurred_at: Date;
      active: boolean;
    }[] = await manager.query(
      `SELECT l.id::text AS id, l.from_identifier::text AS from_identifier, l.to_identifier::text AS to_identifier, l.source_event_id, l.channel, l.rule, l.occurred_at,
                NOT EXISTS (SELECT 1 FROM link_retractions r WHERE r.link_id = l.id) AS active
         FROM links l JOIN identifiers i ON i.id = l.from_identifier OR i.id = l.to_identifier
         WHERE i.profile_id = $1 GROUP BY l.id ORDER BY l.id`,
      [id],
    );
    const aliases: { customer_id: string }[] = await manager.query(
      `SELECT customer_id FROM profiles WHERE merged_into = $1 ORDER BY customer_id`,
      [id],
    );
    const history: {
      kind: string;
      customer_id: string;
      related_ids: string[];
      version: number;
      origin: string;
      actor: string | null;
      reason: string | null;
      source_event_id: string | null;
      created_at: Date;
    }[] = await manager.query(
      `SELECT * FROM profile_changes WHERE customer_id = $1 OR $1 = ANY(related_ids) ORDER BY id`,
      [id],
    );
    return {
      customerId: id,
      aliases: aliases.map((a) => a.customer_id),
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
    const rows: { profile_id: string }[] = await this.dataSource.query(
      `SELECT profile_id FROM identifiers WHERE hash = $1`,
      [hash],
    );
    if (rows.length === 0)
      throw apiError(HttpStatus.NOT_FOUND, 'identifier_not_found', `no profile holds that ${type}`);
    return this.byCustomerId(rows[0].profile_id);
  }

  /** The look-up hash of a typed value, normalised exactly as resolution does. */
  hashOf(type: string, value: string): string {
    const baseType = baseTypeOf(type, IDENTIFIER_TYPES);
    if (baseType === undefined)
      throw apiError(
        HttpStatus.BAD_REQUEST,
        'invalid_request',
        `type: expected one of ${IDENTIFIER_TYPES.join(', ')} (scoped as wechatOpenId:<appId>, platformUserId:<channel>)`,
      );
    return this.vault.hash(type, normaliseValue(baseType, value));
  }
}
