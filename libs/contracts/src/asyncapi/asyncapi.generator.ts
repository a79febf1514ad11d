import { Document } from 'yaml';
import { z } from 'zod';
import type { EnvelopeAudience } from '../envelope/envelope.schema';
import { findEventDefinition } from '../events/event-registry';
import { eventSchemaId } from '../events/event-schemas';
import { omitFormatPatterns, type JsonSchema } from '../json-schema/json-schema.generator';
import { contractsRegistry } from '../shared/schema-metadata';
import { HEADERS } from '../topics/kafka-headers';
import { topicCatalog, type TopicDefinition } from '../topics/topic-catalog';

/** The workspace version (package.json); a spec keeps the two equal. */
export const CONTRACTS_VERSION = '0.1.0';

const KAFKA_BINDING_VERSION = '0.5.0';
const schemaRef = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** What every subscriber must know about copies; said once for the document and per topic. */
export const DELIVERY_NOTE =
  "Delivery is at least once. A producer crash, a broker outage or a consumer rebalance can put a second copy of an event on a topic, even of an event whose HTTP request was answered 503; copies are identical. Deduplicate on `connectorId` plus `eventId` (just `eventId` when there is no `connectorId`): `eventDedupeKey(event)` from @omni/contracts computes it. Record it in the same transaction as your effect (a unique key, ON CONFLICT DO NOTHING), as Omni's services do; for effects that may repeat harmlessly, `RecentEventKeys` remembers a bounded window in memory.";

// Code-point order, not locale order, so the file is identical on every machine.
function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export interface AsyncApiChannel {
  address: string;
  title: string;
  description: string;
  messages: Record<string, { $ref: string }>;
  bindings: { kafka: Record<string, unknown> };
}

export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  title: string;
}

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  contentType: string;
  headers: { $ref: string };
  payload: JsonSchema;
  bindings: { kafka: Record<string, unknown> };
}

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, { host: string; protocol: string; description: string }>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: { messages: Record<string, AsyncApiMessage>; schemas: Record<string, JsonSchema> };
}

const eventHeaders: JsonSchema = {
  type: 'object',
  description: 'Headers Omni producers set; consumers may route on them without parsing the value.',
  properties: {
    [HEADERS.eventType]: { type: 'string', description: 'The event type, e.g. order.placed.' },
    [HEADERS.eventVersion]: {
      type: 'string',
      pattern: '^[1-9][0-9]*$',
      description: 'The event version, as a decimal string.',
    },
    [HEADERS.connectorKey]: {
      type: 'string',
      description: "ingest.raw.v1 only: the connector's API key, checked against its stored hash.",
    },
    [HEADERS.traceparent]: { type: 'string', description: 'W3C trace context.' },
    [HEADERS.tracestate]: { type: 'string', description: 'W3C trace context.' },
  },
};

const deadLetterHeaders: JsonSchema = {
  type: 'object',
  description:
    'Where the message came from and why it failed; the original headers are kept too. A message the outbox relay could not publish never reached Kafka: it has omni-dlt-reason instead of a partition, offset and attempts.',
  properties: {
    [HEADERS.dltOriginalTopic]: { type: 'string' },
    [HEADERS.dltOriginalPartition]: { type: 'string', pattern: '^[0-9]+$' },
    [HEADERS.dltOriginalOffset]: { type: 'string', pattern: '^[0-9]+$' },
    [HEADERS.dltError]: { type: 'string', description: 'The last error, as a message.' },
    [HEADERS.dltAttempts]: { type: 'string', pattern: '^[1-9][0-9]*$' },
    [HEADERS.dltFailedAt]: { type: 'string', format: 'date-time' },
    [HEADERS.dltConsumerGroup]: { type: 'string', description: 'The consumer group that gave up.' },
    [HEADERS.dltReason]: {
      type: 'string',
      enum: ['message_too_large'],
      description: 'Why the outbox relay did not publish the message to its topic.',
    },
    [HEADERS.dltOutboxId]: {
      type: 'string',
      pattern: '^[0-9]+$',
      description: "The outbox row that carried it; the service's dead_letters table has it whole.",
    },
    [HEADERS.dltValueBytes]: {
      type: 'string',
      pattern: '^[0-9]+$',
      description: 'The size of the whole value; this message carries only its start.',
    },
    [HEADERS.dltValueHash]: {
      type: 'string',
      pattern: '^sha256:[0-9a-f]{64}$',
      description: 'A hash of the whole value: sha256: and the SHA-256 in hex.',
    },
  },
  required: [HEADERS.dltOriginalTopic, HEADERS.dltError],
};

const deadLetterMessageId = 'dead-letter';

const deadLetterMessage: AsyncApiMessage = {
  name: deadLetterMessageId,
  title: 'Dead-lettered message',
  summary: 'A message a service could not process, copied unchanged.',
  contentType: 'application/octet-stream',
  headers: schemaRef('DeadLetterHeaders'),
  payload: {
    description:
      'The original message value, byte for byte; with omni-dlt-reason message_too_large, its first 16 KiB.',
  },
  bindings: {
    kafka: {
      key: { type: 'string', description: 'The key of the original message.' },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
};

function audienceOf(topic: TopicDefinition): EnvelopeAudience {
  return topic.envelope === 'event' ? 'event' : 'downstream';
}

/** Message id → message, for every event type and version on a topic. */
function topicMessages(topic: TopicDefinition): Record<string, AsyncApiMessage> {
  if (topic.envelope === 'original-message') return { [deadLetterMessageId]: deadLetterMessage };
  const messages: Record<string, AsyncApiMessage> = {};
  for (const { type, version } of topic.eventTypes) {
    const definition = findEventDefinition(type, version);
    if (definition === undefined)
      throw new Error(`${topic.name} carries unregistered ${type} v${version}`);
    const id = eventSchemaId(definition, audienceOf(topic));
    messages[id] = {
      name: type,
      title: `${type} v${version}`,
      summary: definition.summary,
      contentType: 'application/json',
      headers: schemaRef('EventHeaders'),
      payload: schemaRef(id),
      bindings: {
        kafka: {
          key: { type: 'string', description: topic.key },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
  }
  return messages;
}

function channel(topic: TopicDefinition, messageIds: string[]): AsyncApiChannel {
  return {
    address: topic.name,
    title: topic.name,
    description:
      topic.envelope === 'original-message'
        ? `${topic.description}\n\nKey: ${topic.key}`
        : `${topic.description}\n\nKey: ${topic.key}\n\n${DELIVERY_NOTE}`,
    messages: Object.fromEntries(
      messageIds.map((id) => [id, { $ref: `#/components/messages/${id}` }]),
    ),
    bindings: {
      kafka: {
        topic: topic.name,
        partitions: topic.partitions,
        topicConfiguration: {
          'cleanup.policy': [topic.cleanupPolicy],
          'retention.ms': topic.retentionMs,
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function operations(topic: TopicDefinition): [string, AsyncApiOperation][] {
  const channelRef = { $ref: `#/channels/${topic.name}` };
  return [
    [
      `${topic.producer}-sends-${topic.name}`,
      {
        action: 'send',
        channel: channelRef,
        title: `${topic.producer} publishes to ${topic.name}`,
      },
    ],
    ...topic.consumers.map((consumer): [string, AsyncApiOperation] => [
      `${consumer}-receives-${topic.name}`,
      { action: 'receive', channel: channelRef, title: `${consumer} consumes ${topic.name}` },
    ]),
  ];
}

/** Component schemas: every contracts schema with an id, referencing each other. */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(contractsRegistry, {
    metadata: contractsRegistry,
    io: 'input',
    target: 'draft-7',
    uri: (id) => `#/components/schemas/${id}`,
    override: omitFormatPatterns,
  });
  const all: Record<string, JsonSchema> = {
    EventHeaders: eventHeaders,
    DeadLetterHeaders: deadLetterHeaders,
  };
  for (const [id, { $schema: _schema, $id: _id, ...schema }] of Object.entries(schemas)) {
    all[id] = schema;
  }
  return sortedByKey(all);
}

/** The AsyncAPI 3.0 document of every Omni topic, generated from the catalog and schemas. */
export function buildAsyncApiDocument(): AsyncApiDocument {
  const channels: Record<string, AsyncApiChannel> = {};
  const messages: Record<string, AsyncApiMessage> = {};
  for (const topic of topicCatalog) {
    const carried = topicMessages(topic);
    Object.assign(messages, carried);
    channels[topic.name] = channel(topic, Object.keys(carried));
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Omni',
      version: CONTRACTS_VERSION,
      description:
        'The Kafka topics of Omni, an omnichannel commerce event platform, and the events they carry. Every event shares one envelope; money is integer minor units plus an ISO 4217 currency. A breaking change is a new event version on the same topic, and a key keeps its meaning forever.\n\n' +
        DELIVERY_NOTE,
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local broker (npm run infra:up).',
      },
    },
    channels,
    operations: Object.fromEntries(topicCatalog.flatMap(operations)),
    components: {
      messages: sortedByKey(messages),
      schemas: componentSchemas(),
    },
  };
}

/** The document as committed in libs/contracts/asyncapi.yaml. */
export function renderAsyncApiYaml(document: AsyncApiDocument = buildAsyncApiDocument()): string {
  const yaml = new Document(document, { aliasDuplicateObjects: false });
  yaml.commentBefore =
    ' Generated from libs/contracts/src by `npx nx run contracts:asyncapi`. Do not edit by hand.';
  return yaml.toString({ lineWidth: 0, singleQuote: true });
}
