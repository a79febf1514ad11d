export { CHANNELS, channelSchema, type Channel } from './envelope/channel.schema';
export { DEVICE_TYPES, type DeviceType, type EventContext } from './envelope/context.schema';
export {
  downstreamEnvelopeSchema,
  eventEnvelopeSchema,
  type EnvelopeAudience,
} from './envelope/envelope.schema';
export {
  IDENTIFIER_TYPES,
  UNSCOPED_IDENTIFIER_TYPES,
  type IdentifierType,
  type Identifiers,
  type ScopedIdentifierType,
  type UnscopedIdentifierType,
} from './envelope/identifiers.schema';
export type { EventDefinition, EventKind } from './events/event-definition';
export {
  eventDefinitions,
  findEventDefinition,
  versionsOf,
  type DownstreamEventEnvelope,
  type DownstreamEventOf,
  type EventEnvelope,
  type EventOf,
  type EventType,
  type PayloadOf,
  type VersionOf,
} from './events/event-registry';
export {
  CONSENT_PURPOSES,
  type ConsentPurpose,
} from './events/customer/customer-consent-updated.v1.event';
export { JOURNEY_TRIGGERS, type JourneyTrigger } from './events/crm/journey-triggered.v1.event';
export { PAYMENT_METHODS } from './events/orders/payment-method.schema';
export type { OrderLine } from './events/orders/order-line.schema';
export { eventDedupeKey, RecentEventKeys } from './dedupe/event-dedupe-key';
export { goldenFixture, goldenFixtures, type GoldenFixture } from './fixtures/golden-fixtures';
export {
  MAX_EVENT_BYTES,
  MAX_EVENT_DEPTH,
  MAX_EVENT_ID_LENGTH,
  encodeEvent,
  eventIdLengthProblem,
  withinEventDepth,
  type EncodedEvent,
} from './limits/event-limits';
export { moneySchema, type Money } from './shared/money.schema';
export { describeValue } from './shared/value-description';
export { TIERS, type Tier } from './shared/primitives.schema';
export {
  EventValidationError,
  parseDownstreamEvent,
  parseEvent,
  validateDownstreamEvent,
  validateEvent,
  type ValidationResult,
} from './validation/event-validator';
export { decodeDownstreamMessage } from './validation/message-decoding';
export type { ValidationError } from './validation/issue-format';
export { HEADERS, type HeaderName } from './topics/kafka-headers';
export { SERVICE_NAMES, type ServiceName } from './topics/service-names';
export {
  TOPICS,
  dltTopicFor,
  topicCatalog,
  type CleanupPolicy,
  type EventTypeRef,
  type TopicDefinition,
  type TopicEnvelope,
  type TopicName,
  type TopicProducer,
} from './topics/topic-catalog';
export {
  buildJsonSchemaFiles,
  type JsonSchema,
  type JsonSchemaFile,
} from './json-schema/json-schema.generator';
export {
  buildAsyncApiDocument,
  renderAsyncApiYaml,
  type AsyncApiDocument,
} from './asyncapi/asyncapi.generator';
