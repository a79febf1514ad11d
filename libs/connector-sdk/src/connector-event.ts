import { createHash } from 'node:crypto';

/** Money as Omni keeps it: integer minor units (1999 = ¥19.99) and an ISO 4217 currency. */
export type Money = { amount: number; currency: string };

/** Identifiers of the person, as the channel knows them; ingest normalises phones and emails. */
export type Identifiers = Partial<
  Record<
    | 'anonymousId'
    | 'cookieId'
    | 'deviceId'
    | 'phone'
    | 'email'
    | 'wechatUnionId'
    | 'wechatOpenId'
    | 'appId'
    | 'platformUserId'
    | 'loyaltyCard'
    | 'memberId',
    string
  >
>;

/** An event in the Omni envelope. `eventId` may be left out: the client derives a stable one. */
export type ConnectorEvent = {
  eventId?: string;
  type: string;
  version: number;
  occurredAt: string;
  channel: string;
  identifiers: Identifiers;
  context?: Record<string, unknown>;
  payload: Record<string, unknown>;
};

/** What the client actually sends: the id fixed, so every retry carries the same one. */
export type IdentifiedEvent = ConnectorEvent & { eventId: string; sentAt?: string };

const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : typeof value === 'object' && value !== null
      ? `{${Object.keys(value)
          .sort()
          .map(
            (key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`,
          )
          .join(',')}}`
      : JSON.stringify(value);

/**
 * A content-derived id: the same event (type, version, time, channel, identifiers, payload)
 * always gets the same id, so re-sending it after a crash is a duplicate, not a second event.
 */
export function stableEventId(event: ConnectorEvent): string {
  const { type, version, occurredAt, channel, identifiers, payload } = event;
  const digest = createHash('sha256')
    .update(canonical({ type, version, occurredAt, channel, identifiers, payload }))
    .digest('hex');
  return `sdk-${digest.slice(0, 32)}`;
}
