import type { IdentifierType } from '@omni/contracts';

/**
 * How one identifier type may link: a higher priority wins when something must be dropped;
 * `limit` distinct values per profile (per scope for scoped types), counted over the last
 * `windowDays` of event time, or ever when null; `strong` types make two profiles that each
 * hold a different value a conflict for review instead of a merge.
 */
export type TypePolicy = {
  priority: number;
  limit: number | null;
  windowDays: number | null;
  strong: boolean;
};

export type IdentityPolicy = {
  types: Readonly<Record<IdentifierType, TypePolicy>>;
  /** Configured placeholder values (shared test numbers, POS defaults), compared case-insensitively. */
  blockedValues: ReadonlySet<string>;
};

/** The default policy: 1 ever for memberId, unionId and loyalty card; 2 phones; 3 emails; 10 devices per 30 days. */
export const DEFAULT_TYPE_POLICIES: Readonly<Record<IdentifierType, TypePolicy>> = {
  memberId: { priority: 100, limit: 1, windowDays: null, strong: true },
  wechatUnionId: { priority: 90, limit: 1, windowDays: null, strong: true },
  loyaltyCard: { priority: 80, limit: 1, windowDays: null, strong: true },
  platformUserId: { priority: 70, limit: 1, windowDays: null, strong: true },
  phone: { priority: 60, limit: 2, windowDays: null, strong: false },
  email: { priority: 50, limit: 3, windowDays: null, strong: false },
  wechatOpenId: { priority: 40, limit: 1, windowDays: null, strong: true },
  deviceId: { priority: 20, limit: 10, windowDays: 30, strong: false },
  cookieId: { priority: 10, limit: null, windowDays: null, strong: false },
  anonymousId: { priority: 5, limit: null, windowDays: null, strong: false },
};

/** Shared test numbers and till placeholders seen in Chinese retail data. */
export const DEFAULT_BLOCKED_VALUES: readonly string[] = [
  '13800138000',
  '+8613800138000',
  '12345678901',
  'test@test.com',
  'test@example.com',
  'noreply@example.com',
  'pos-default',
  'walk-in',
  'guest',
];

export const DEFAULT_POLICY: IdentityPolicy = {
  types: DEFAULT_TYPE_POLICIES,
  blockedValues: new Set(DEFAULT_BLOCKED_VALUES.map((value) => value.toLowerCase())),
};
