import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HEADERS } from '@omni/contracts';
import {
  createBatchConsumer,
  KafkaProducer,
  MESSAGING_OPTIONS,
  type BatchConsumer,
  type ConsumedEvent,
  type MessagingOptions,
  type RawMessage,
} from '@omni/messaging';
import { INGEST_CONFIG, type IngestConfig } from '../config/ingest-config';
import { ConnectorsService } from '../connectors/connectors.service';
import { IngestPipeline } from '../events/ingest-pipeline.service';
import { RejectionsRepository } from '../rejections/rejections.repository';

/**
 * Kafka-native ingest: connectors produce raw events to ingest.raw.v1, keyed by connector id,
 * with the connector key in the omni-connector-key header. Same validation, normalisation and
 * dedupe as HTTP; the accepted event and the rejection go out through the outbox in the
 * consumer's inbox transaction, so a redelivery changes nothing.
 */
@Injectable()
export class RawEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RawEventsConsumer.name);
  private consumer?: BatchConsumer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
    private readonly connectors: ConnectorsService,
    private readonly pipeline: IngestPipeline,
    private readonly rejections: RejectionsRepository,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.INGEST_RAW_CONSUMER_ENABLED) return;
    this.consumer = createBatchConsumer<RawMessage>({
      service: this.messaging.service,
      brokers: this.messaging.brokers,
      clientId: this.messaging.clientId,
      groupId: this.config.INGEST_RAW_GROUP_ID,
      topics: [this.config.INGEST_RAW_TOPIC],
      dataSource: this.dataSource,
      producer: this.producer,
      // Never throws: bad JSON is a rejection with a reason, not a dead letter.
      decode: (raw) => raw,
      // The inbox dedupes redeliveries by position; (connector, eventId) dedupe is the pipeline's.
      eventId: (event) => `${event.topic}:${event.partition}:${event.offset}`,
      handle: (event, tx) => this.handle(event, tx),
    });
    await this.consumer.start();
    this.logger.log(
      `consuming ${this.config.INGEST_RAW_TOPIC} as ${this.config.INGEST_RAW_GROUP_ID}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(event: ConsumedEvent<RawMessage>, tx: EntityManager): Promise<void> {
    const receivedAt = new Date();
    const raw = event.value;
    const text = raw.value?.toString('utf8') ?? '';
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return this.reject(
        tx,
        raw.key,
        text,
        [{ path: '(root)', message: `expected a JSON event: ${reason}` }],
        receivedAt,
      );
    }
    const key = raw.headers[HEADERS.connectorKey];
    const auth = key === undefined ? undefined : await this.connectors.authenticate(key);
    if (auth === undefined || !auth.ok) {
      const why =
        auth === undefined
          ? `missing the ${HEADERS.connectorKey} header`
          : auth.reason === 'connector_disabled'
            ? 'the connector is disabled'
            : 'unknown or revoked connector key';
      return this.reject(
        tx,
        raw.key,
        input,
        [{ path: `headers.${HEADERS.connectorKey}`, message: why }],
        receivedAt,
      );
    }
    if (raw.key !== null && raw.key !== auth.connector.id) {
      return this.reject(
        tx,
        raw.key,
        input,
        [
          {
            path: 'key',
            message: `the message key must be the connector id ${auth.connector.id}, got ${JSON.stringify(raw.key)}`,
          },
        ],
        receivedAt,
      );
    }
    await this.pipeline.ingestInTransaction(
      tx,
      auth.connector,
      [{ event: input, received: input }],
      receivedAt,
    );
  }

  private reject(
    tx: EntityManager,
    claimedConnector: string | null,
    input: unknown,
    errors: { path: string; message: string }[],
    at: Date,
  ): Promise<void> {
    const identity =
      typeof input === 'object' && input !== null
        ? (input as { eventId?: unknown; type?: unknown })
        : {};
    return this.rejections.record(
      tx,
      [
        {
          // Unauthenticated: the claimed id is kept in the reasons, not trusted as the sender.
          connectorId: null,
          source: 'kafka',
          eventId: typeof identity.eventId === 'string' ? identity.eventId : undefined,
          type: typeof identity.type === 'string' ? identity.type : undefined,
          errors: [
            ...errors,
            ...(claimedConnector === null
              ? []
              : [{ path: 'key', message: `claimed connector ${claimedConnector}` }]),
          ],
          input,
        },
      ],
      at,
    );
  }
}
