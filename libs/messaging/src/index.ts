export { MessagingModule, type MessagingModuleAsyncOptions } from './nest/messaging.module';
export { MESSAGING_OPTIONS } from './nest/messaging.tokens';
export {
  EventHandler,
  type ConsumerGroupSettings,
  type EventHandlerOptions,
  type EventHandlerOptionsFactory,
} from './nest/event-handler.decorator';
export {
  ConsumerSupervisor,
  type ConsumerReport,
  type SupervisedConsumer,
} from './nest/consumer-supervisor.service';
export { ConsumersReadiness } from './nest/consumers-readiness.service';
export type { MessagingOptions } from './config/messaging-options';
export {
  messagingOptions,
  messagingSettings,
  type MessagingSettings,
} from './config/messaging-config';

export {
  KafkaProducer,
  type KafkaProducerOptions,
  type TopicBatch,
} from './producer/kafka-producer';
export type { OutgoingMessage, EncodedMessage, EncodedHeaders } from './producer/message-encoding';
export { MessageTooLargeError } from './producer/request-splitter';
export {
  useProduceEncoder,
  CRC32C_IMPLEMENTATION,
  type ProduceEncoder,
} from './producer/produce-request-encoder';

export { GroupCommit } from './group-commit';

export {
  NotificationListener,
  notificationChannel,
  type NotificationListenerOptions,
} from './listen/notification-listener';
export { schemaOf } from './sql';
export { Outbox, type OutboxMessage } from './outbox/outbox.service';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxLag,
} from './outbox/outbox-relay.service';

export {
  createBatchConsumer,
  type BatchConsumer,
  type BatchConsumerOptions,
  type ConsumerStatus,
  type EventHandlerFn,
  type BatchHandlerFn,
} from './consumer/batch-consumer';
export type { ConsumedEvent, RawMessage } from './consumer/consumed-event';
export { UndecodableMessageError, decodeJson } from './consumer/event-decoding';

export {
  provisionTopics,
  createTopics,
  deleteTopics,
  allTopicEndOffsets,
  topicEndOffsets,
  type ProvisionResult,
} from './topics/topic-admin';
export {
  createTopicReader,
  type TopicReader,
  type TopicReaderOptions,
  type TopicMessage,
} from './topics/topic-reader';
export type { TopicSpec } from './topic-spec';

export { MessagingHealth } from './health/messaging-health.service';
export {
  addOutboxBundles,
  compressOutboxValues,
  createLatestMessagingTables,
  createMessagingTables,
  dropLatestMessagingTables,
  dropMessagingTables,
  inboxKeysByDefaultCollation,
  inboxKeysBytewise,
  removeOutboxBundles,
  uncompressOutboxValues,
} from './migrations/messaging-tables';
export { InitialMessaging1764000000000 } from './migrations/initial-messaging.migration';
export { OutboxBundles1764300000000 } from './migrations/outbox-bundles.migration';
export { OutboxCompression1764400000000 } from './migrations/outbox-compression.migration';
export { InboxKeysBytewise1764500000000 } from './migrations/inbox-keys-bytewise.migration';
export {
  MESSAGING_MIGRATIONS,
  serviceMigrations,
  type MigrationClass,
} from './migrations/service-migrations';
export { deadLetterTopicFor } from './messaging-headers';
export {
  applyProfileChanges,
  profileChangeOf,
  sourceEventKey,
  type ProfileChange,
  type ProfileChangeHandlers,
} from './consumer/downstream-event';
