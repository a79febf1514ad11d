import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HEADERS, withinEventDepth } from '@omni/contracts';
import { EventHandler, type ConsumedEvent, type RawMessage } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
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
export class RawEventsConsumer {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly pipeline: IngestPipeline,
    private readonly rejections: RejectionsRepository,
  ) {}

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: (config: IngestConfig) => ({
      topic: config.topics.raw,
      groupId: config.rawConsumer.groupId,
      enabled: config.rawConsumer.enabled,
      // Never throws: bad JSON is a rejection with a reason, not a dead letter.
      decode: (raw: RawMessage) => raw,
      // The inbox dedupes redeliveries by position; (connector, eventId) dedupe is the pipeline's.
      eventId: (event) => `${event.topic}:${event.partition}:${event.offset}`,
      // The HTTP API does not need this consumer, so ingest is ready (and listening) without it.
      readiness: 'ignored',
    }),
  })
  async handle(event: ConsumedEvent<RawMessage>, tx: EntityManager): Promise<void> {
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
          input: withinEventDepth(input),
        },
      ],
      at,
    );
  }
}
