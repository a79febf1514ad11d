import type { EventEnvelope, Identifiers } from '@omni/contracts';

/**
 * Strongest first, as the ingest.events.v1 key promises; the identifiers that order does not
 * rank follow, so every person event has a key.
 */
const KEY_ORDER = [
  'memberId',
  'wechatUnionId',
  'phone',
  'email',
  'platformUserId',
  'deviceId',
  'anonymousId',
  'loyaltyCard',
  'wechatOpenId',
  'cookieId',
] as const satisfies readonly (keyof Identifiers)[];

/**
 * The Kafka key of an accepted event: `<identifier type>:<value>` of the strongest identifier,
 * so one person's events from one source stay in order. platformUserId is only unique per
 * channel, and wechatOpenId per app, so those keys carry their scope. Reference feeds, which
 * are about no person, use their subject.
 */
export function partitionKeyOf(event: EventEnvelope): string {
  const ids = event.identifiers;
  for (const type of KEY_ORDER) {
    const value = ids[type];
    if (value === undefined) continue;
    if (type === 'platformUserId') return `platformUserId:${event.channel}:${value}`;
    if (type === 'wechatOpenId') return `wechatOpenId:${ids.appId ?? ''}:${value}`;
    return `${type}:${value}`;
  }
  switch (event.type) {
    case 'inventory.snapshot':
    case 'competitor.price-observed':
      return `sku:${event.payload.sku}`;
    case 'marketing.spend':
      return `campaign:${event.payload.campaignId}`;
    default:
      return `connector:${event.connectorId ?? ''}`;
  }
}
