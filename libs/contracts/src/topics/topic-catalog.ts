import type { EventType } from '../events/event-registry';
import { eventDefinitions } from '../events/event-registry';
import type { ServiceName } from './service-names';

export type CleanupPolicy = 'delete' | 'compact';

/** Who writes a topic: an Omni service, or the channel connectors outside Omni. */
export type TopicProducer = ServiceName | 'connectors';

/**
 * The envelope of a topic's messages: `event` (as channels send it), `downstream` (resolved
 * channel events and service events), or `original-message` (a dead-letter copy, unchanged).
 */
export type TopicEnvelope = 'event' | 'downstream' | 'original-message';

export interface EventTypeRef {
  readonly type: EventType;
  readonly version: number;
}

export interface TopicDefinition {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** What the message key means. It keeps this meaning for the life of the topic. */
  readonly key: string;
  readonly description: string;
  readonly envelope: TopicEnvelope;
  /** Every event type and version the topic carries. */
  readonly eventTypes: readonly EventTypeRef[];
  readonly producer: TopicProducer;
  readonly consumers: readonly ServiceName[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

const highVolume = { partitions: 6, retentionMs: 7 * DAY_MS, cleanupPolicy: 'delete' } as const;
const standard = { partitions: 3, retentionMs: 7 * DAY_MS, cleanupPolicy: 'delete' } as const;
// Kept longer: someone has to look at these and replay or fix them.
const forInvestigation = {
  partitions: 3,
  retentionMs: 30 * DAY_MS,
  cleanupPolicy: 'delete',
} as const;

const channelFeeds: readonly EventTypeRef[] = eventDefinitions
  .filter((definition) => definition.kind !== 'service')
  .map(({ type, version }) => ({ type, version }));

/** Every registered version of the given types, so a new version joins its topic by itself. */
function allVersionsOf(...types: EventType[]): readonly EventTypeRef[] {
  return eventDefinitions
    .filter((definition) => types.includes(definition.type))
    .map(({ type, version }) => ({ type, version }));
}

const referenceFeedKey =
  'Reference feeds, which are about no person, use their subject: the SKU for inventory.snapshot and competitor.price-observed, the campaign id for marketing.spend.';

const personKey = `The person's strongest identifier before resolution. ${referenceFeedKey}`;

const customerKey = 'The customerId the event is about.';

function deadLetterTopic<S extends ServiceName>(service: S) {
  return {
    name: `${service}.dlt.v1`,
    ...forInvestigation,
    key: 'The key of the original message.',
    description: `Messages ${service} could not process after bounded retries. Key and value are the original; the headers carry the original topic, partition, offset, the error and the number of attempts.`,
    envelope: 'original-message',
    eventTypes: [],
    producer: service,
    consumers: [],
  } as const satisfies TopicDefinition;
}

/** Every Kafka topic, declared once. Services import names from here, never hand-write them. */
export const TOPICS = {
  ingestRaw: {
    name: 'ingest.raw.v1',
    ...highVolume,
    key: 'The id of the connector that publishes the event (or no key); ingest refuses a key naming another connector than the one its omni-connector-key header authenticates.',
    description:
      'Events exactly as connectors publish them straight to Kafka, before validation and normalisation.',
    envelope: 'event',
    eventTypes: channelFeeds,
    producer: 'connectors',
    consumers: ['ingest'],
  },
  ingestEvents: {
    name: 'ingest.events.v1',
    ...highVolume,
    key: personKey,
    description:
      'Accepted channel events: validated, deduplicated, identifiers normalised (E.164 phones, lower-cased emails), clock skew corrected, receivedAt set.',
    envelope: 'event',
    eventTypes: channelFeeds,
    producer: 'ingest',
    consumers: ['identity-resolution'],
  },
  ingestRejected: {
    name: 'ingest.rejected.v1',
    ...forInvestigation,
    key: 'The connectorId of the sender.',
    description: 'Every event ingest rejected, with the reasons and the input as received.',
    envelope: 'downstream',
    eventTypes: allVersionsOf('event.rejected'),
    producer: 'ingest',
    consumers: ['reporting'],
  },
  identityResolvedEvents: {
    name: 'identity.resolved-events.v1',
    ...highVolume,
    key: `The customerId. ${referenceFeedKey}`,
    description:
      'Channel events with the customerId of the profile they resolved to; the input of every downstream service.',
    envelope: 'downstream',
    eventTypes: channelFeeds,
    producer: 'identity-resolution',
    consumers: ['pricing', 'promotions', 'crm', 'reporting'],
  },
  identityProfileChanges: {
    name: 'identity.profile-changes.v1',
    ...standard,
    key: 'The customerId of the changed profile: survivorId for a merge, fromId for a split.',
    description: 'Profile merges, splits and erasures, which every downstream service applies.',
    envelope: 'downstream',
    eventTypes: allVersionsOf('profile.merged', 'profile.split', 'profile.erased'),
    producer: 'identity-resolution',
    consumers: ['pricing', 'promotions', 'crm', 'reporting'],
  },
  pricingPriceChanges: {
    name: 'pricing.price-changes.v1',
    ...standard,
    key: 'The sku.',
    description:
      'Published price changes per SKU, channel, tier or segment and currency, prices withdrawn, and alerts when two channels that must stay in step drift apart.',
    envelope: 'downstream',
    eventTypes: allVersionsOf('price.changed', 'price.withdrawn', 'price.consistency-breached'),
    producer: 'pricing',
    consumers: ['promotions', 'reporting'],
  },
  promotionsRedemptions: {
    name: 'promotions.redemptions.v1',
    ...standard,
    key: customerKey,
    description:
      'Promotion and coupon redemptions on orders, and their release on cancel or refund.',
    envelope: 'downstream',
    eventTypes: allVersionsOf('redemption.recorded', 'redemption.released'),
    producer: 'promotions',
    consumers: ['crm', 'reporting'],
  },
  promotionsOffers: {
    name: 'promotions.offers.v1',
    ...standard,
    key: customerKey,
    description:
      'Targeted offers issued to customers (cart abandoners, churned, members, segments).',
    envelope: 'downstream',
    eventTypes: allVersionsOf('offer.issued'),
    producer: 'promotions',
    consumers: ['crm', 'reporting'],
  },
  crmCustomerChanges: {
    name: 'crm.customer-changes.v1',
    ...standard,
    key: customerKey,
    description:
      'Changes to a customer: tier moves, points ledger entries and segment joins and leaves.',
    envelope: 'downstream',
    eventTypes: allVersionsOf(
      'customer.tier-changed',
      'customer.points-changed',
      'customer.segment-changed',
    ),
    producer: 'crm',
    consumers: ['promotions', 'reporting'],
  },
  crmJourneyTriggers: {
    name: 'crm.journey-triggers.v1',
    ...standard,
    key: customerKey,
    description:
      'Journey timers that fired: repurchase reminders, cart abandonment, win-back, birthdays.',
    envelope: 'downstream',
    eventTypes: allVersionsOf('journey.triggered'),
    producer: 'crm',
    consumers: ['promotions', 'reporting'],
  },
  reportingAlerts: {
    name: 'reporting.alerts.v1',
    ...standard,
    key: 'The alert rule, so the alerts of one rule stay in order.',
    description:
      'Threshold and anomaly alerts on KPIs, for ops tooling and notification connectors.',
    envelope: 'downstream',
    eventTypes: allVersionsOf('alert.raised'),
    producer: 'reporting',
    consumers: [],
  },
  reportingChannelDecisions: {
    name: 'reporting.channel-decisions.v1',
    ...standard,
    key: 'The channel decided on, so the decisions about one channel stay in order.',
    description:
      'Channel decisions per test period (admit, expand, exit, health index, resource cut) with the figures they were made from, for budget and channel-management tooling.',
    envelope: 'downstream',
    eventTypes: allVersionsOf('channel.decided'),
    producer: 'reporting',
    consumers: [],
  },
  ingestDlt: deadLetterTopic('ingest'),
  identityResolutionDlt: deadLetterTopic('identity-resolution'),
  pricingDlt: deadLetterTopic('pricing'),
  promotionsDlt: deadLetterTopic('promotions'),
  crmDlt: deadLetterTopic('crm'),
  reportingDlt: deadLetterTopic('reporting'),
} as const satisfies Record<string, TopicDefinition>;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];

export const topicCatalog: readonly TopicDefinition[] = Object.values(TOPICS);

const deadLetterTopics: Record<ServiceName, TopicDefinition> = {
  ingest: TOPICS.ingestDlt,
  'identity-resolution': TOPICS.identityResolutionDlt,
  pricing: TOPICS.pricingDlt,
  promotions: TOPICS.promotionsDlt,
  crm: TOPICS.crmDlt,
  reporting: TOPICS.reportingDlt,
};

/** The dead-letter topic `<service>.dlt.v1` of a service. */
export function dltTopicFor(service: ServiceName): TopicDefinition {
  return deadLetterTopics[service];
}
