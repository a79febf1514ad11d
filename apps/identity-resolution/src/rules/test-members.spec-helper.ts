import type { IdentifierType } from '@omni/contracts';
import type { TypedIdentifier } from '../identifiers/typed-identifier';
import type { GroupMember } from './identity-rule';

export const at = (iso: string) => new Date(iso);

export const member = (
  baseType: IdentifierType,
  hash: string,
  profileId: string | null,
  linkedAt = at('2025-06-01T00:00:00Z'),
  type: string = baseType,
): GroupMember => ({ type, baseType, hash, linkedAt, profileId });

export const identifier = (
  baseType: IdentifierType,
  value: string,
  type: string = baseType,
): TypedIdentifier => ({ type, baseType, value });
