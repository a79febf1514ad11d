import { UNSCOPED_IDENTIFIER_TYPES, type IdentifierType, type Identifiers } from '@omni/contracts';

/**
 * One identifier of a person in its normalised form (E.164 phone, lower-case email).
 * `scope` qualifies values that are only unique inside something else: the channel for a
 * platformUserId, the WeChat appId for a wechatOpenId.
 */
export interface TruthIdentifier {
  readonly type: IdentifierType;
  readonly value: string;
  readonly scope?: string;
}

/** A stable string for maps and partitions: `phone:+8613912345678`, `platformUserId:tmall:t_…`. */
export function identifierKey(identifier: TruthIdentifier): string {
  return identifier.scope === undefined
    ? `${identifier.type}:${identifier.value}`
    : `${identifier.type}:${identifier.scope}:${identifier.value}`;
}

/** The identifier keys an event's envelope carries; appId scopes the openId, channel the platform id. */
export function identifierKeysOf(event: { channel: string; identifiers: Identifiers }): string[] {
  const ids = event.identifiers;
  const keys: string[] = [];
  for (const type of UNSCOPED_IDENTIFIER_TYPES) {
    const value = ids[type];
    if (value !== undefined) keys.push(`${type}:${value}`);
  }
  if (ids.wechatOpenId !== undefined) {
    keys.push(`wechatOpenId:${ids.appId ?? ''}:${ids.wechatOpenId}`);
  }
  if (ids.platformUserId !== undefined) {
    keys.push(`platformUserId:${event.channel}:${ids.platformUserId}`);
  }
  return keys;
}

/**
 * identifierKeysOf with one shared string per key. A simulator emits the same identifier
 * thousands of times; reusing the string lets every map look-up reuse its cached hash.
 */
export class IdentifierKeyInterner {
  private readonly unscoped = new Map<string, Map<string, string>>();
  private readonly scoped = new Map<string, Map<string, Map<string, string>>>();

  keysOf(event: { channel: string; identifiers: Identifiers }): string[] {
    const ids = event.identifiers;
    const keys: string[] = [];
    for (const type of UNSCOPED_IDENTIFIER_TYPES) {
      const value = ids[type];
      if (value !== undefined) keys.push(this.unscopedKey(type, value));
    }
    if (ids.wechatOpenId !== undefined) {
      keys.push(this.scopedKey('wechatOpenId', ids.appId ?? '', ids.wechatOpenId));
    }
    if (ids.platformUserId !== undefined) {
      keys.push(this.scopedKey('platformUserId', event.channel, ids.platformUserId));
    }
    return keys;
  }

  private unscopedKey(type: string, value: string): string {
    let values = this.unscoped.get(type);
    if (values === undefined) {
      values = new Map();
      this.unscoped.set(type, values);
    }
    let key = values.get(value);
    if (key === undefined) {
      key = `${type}:${value}`;
      values.set(value, key);
    }
    return key;
  }

  private scopedKey(type: string, scope: string, value: string): string {
    let scopes = this.scoped.get(type);
    if (scopes === undefined) {
      scopes = new Map();
      this.scoped.set(type, scopes);
    }
    let values = scopes.get(scope);
    if (values === undefined) {
      values = new Map();
      scopes.set(scope, values);
    }
    let key = values.get(value);
    if (key === undefined) {
      key = `${type}:${scope}:${value}`;
      values.set(value, key);
    }
    return key;
  }
}

/** Identifiers that name a person rather than a device, a browser or a platform account. */
export const PERSONAL_IDENTIFIER_TYPES: ReadonlySet<IdentifierType> = new Set([
  'phone',
  'email',
  'wechatUnionId',
  'memberId',
  'loyaltyCard',
]);

/** The type part of an identifier key. */
export function identifierTypeOfKey(key: string): IdentifierType {
  return key.slice(0, key.indexOf(':')) as IdentifierType;
}
