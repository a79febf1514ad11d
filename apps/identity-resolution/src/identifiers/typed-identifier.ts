import {
  UNSCOPED_IDENTIFIER_TYPES,
  type Channel,
  type IdentifierType,
  type Identifiers,
} from '@omni/contracts';

/**
 * An identifier with its scope: `wechatOpenId:<appId>` and `platformUserId:<channel>` are
 * unique only inside their app or channel, so the scope is part of the type.
 */
export type TypedIdentifier = {
  /** The scoped type, e.g. `phone`, `wechatOpenId:wx8f3c`, `platformUserId:tmall`. */
  type: string;
  baseType: IdentifierType;
  /** The normalised value. */
  value: string;
};

const SCOPED_SEPARATOR = ':';

/** Phones without spaces, dashes or brackets; emails lower-cased; everything trimmed. */
export function normaliseValue(baseType: IdentifierType, raw: string): string {
  const trimmed = raw.trim();
  if (baseType === 'phone') return trimmed.replace(/[\s()-]/g, '');
  if (baseType === 'email') return trimmed.toLowerCase();
  return trimmed;
}

/** The scoped type of a base type; openIds need the app, platform ids the channel. */
export function scopedType(baseType: IdentifierType, scope?: string): string {
  return scope === undefined ? baseType : `${baseType}${SCOPED_SEPARATOR}${scope}`;
}

/** The base type of a scoped type string, or undefined when it is not one of ours. */
export function baseTypeOf(
  type: string,
  known: readonly IdentifierType[],
): IdentifierType | undefined {
  const base = type.split(SCOPED_SEPARATOR, 1)[0];
  return known.find((candidate) => candidate === base);
}

/** The typed identifiers an envelope carries, normalised, in a stable order. */
export function identifiersOf(
  identifiers: Identifiers,
  channel: Channel | undefined,
): TypedIdentifier[] {
  const typed: TypedIdentifier[] = [];
  for (const baseType of UNSCOPED_IDENTIFIER_TYPES) {
    const raw = identifiers[baseType];
    if (raw !== undefined)
      typed.push({ type: baseType, baseType, value: normaliseValue(baseType, raw) });
  }
  if (identifiers.wechatOpenId !== undefined && identifiers.appId !== undefined) {
    typed.push({
      type: scopedType('wechatOpenId', identifiers.appId),
      baseType: 'wechatOpenId',
      value: normaliseValue('wechatOpenId', identifiers.wechatOpenId),
    });
  }
  if (identifiers.platformUserId !== undefined && channel !== undefined) {
    typed.push({
      type: scopedType('platformUserId', channel),
      baseType: 'platformUserId',
      value: normaliseValue('platformUserId', identifiers.platformUserId),
    });
  }
  return typed;
}
