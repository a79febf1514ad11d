import { Injectable } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CompressionTypes, type Producer } from 'kafkajs';
import { HEADERS } from '@omni/contracts';
import { createKafka, type KafkaClientOptions } from '../kafka-client';
import { messagingTracer, traceHeaders, withoutInstrumentation } from '../tracing/trace-context';
import { keyPartitioner } from './key-partitioner';
import { encodeValue, type EncodedMessage, type OutgoingMessage } from './message-encoding';
import { splitIntoRequests } from './request-splitter';
import { SendCoalescer } from './send-coalescer';
import {
  MAX_MAX_MESSAGE_BYTES,
  MIN_MAX_MESSAGE_BYTES,
  PRODUCER_DEFAULTS,
} from '../config/messaging-options';

export type TopicBatch = { topic: string; messages: EncodedMessage[] };

export type KafkaProducerOptions = KafkaClientOptions & {
  /**
   * Concurrent `send` calls to one topic are merged into one request up to about this many
   * bytes of keys and values (default just under Kafka's default message.max.bytes of 1 MB).
   */
  maxCoalescedBytes?: number;
  /**
   * The largest record batch a request may carry, at most the smallest `max.message.bytes`
   * of the topics written to (KAFKA_MAX_MESSAGE_BYTES, default 1,000,000).
   */
  maxMessageBytes?: number;
};

const DEFAULT_MAX_COALESCED_BYTES = 900_000;

/**
 * The idempotent producer (acks=all) a service shares between its own sends, the outbox
 * relay and dead-lettering. Connects on first use; reconnects after a failed connect.
 */
@Injectable()
export class KafkaProducer {
  private readonly producer: Producer;
  private connecting?: Promise<void>;
  private connected = false;
  private readonly coalescer: SendCoalescer;
  /** The largest record batch this producer sends; see `KafkaProducerOptions.maxMessageBytes`. */
  readonly maxMessageBytes: number;

  constructor(options: KafkaProducerOptions) {
    this.producer = createKafka(options, 'producer').producer({
      idempotent: true,
      // One request in flight per broker keeps per-partition order with idempotence.
      maxInFlightRequests: 1,
      // Kafka's default (murmur2) partitioning, computed without kafkajs's BigInt arithmetic.
      createPartitioner: keyPartitioner,
      allowAutoTopicCreation: false,
    });
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
    const maxBytes = options.maxCoalescedBytes ?? DEFAULT_MAX_COALESCED_BYTES;
    if (!Number.isInteger(maxBytes) || maxBytes < 1) {
      throw new RangeError(`maxCoalescedBytes must be a positive whole number, got ${maxBytes}`);
    }
    this.maxMessageBytes = options.maxMessageBytes ?? PRODUCER_DEFAULTS.maxMessageBytes;
    if (
      !Number.isInteger(this.maxMessageBytes) ||
      this.maxMessageBytes < MIN_MAX_MESSAGE_BYTES ||
      this.maxMessageBytes > MAX_MAX_MESSAGE_BYTES
    ) {
      throw new RangeError(
        `maxMessageBytes must be a whole number from ${MIN_MAX_MESSAGE_BYTES} to ${MAX_MAX_MESSAGE_BYTES}, got ${this.maxMessageBytes}`,
      );
    }
    this.coalescer = new SendCoalescer((batch) => this.sendBatch([batch]), maxBytes);
  }

  isConnected(): boolean {
    return this.connected;
  }

  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    if (!this.connecting) return;
    await this.connecting.catch(() => undefined);
    this.connecting = undefined;
    await this.producer.disconnect();
  }

  /**
   * Publishes messages to one topic and resolves once Kafka acknowledged them (acks=all).
   * The active trace context is added to each message's headers (unless it already carries a
   * traceparent) under a PRODUCER span. Sends made while another is in flight are merged
   * into the next request (see SendCoalescer): a caller's messages keep their order, and a
   * request that fails rejects every send it carried.
   */
  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const span = messagingTracer().startSpan(`${topic} send`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'messaging.batch.message_count': messages.length,
      },
    });
    const ctx = trace.setSpan(context.active(), span);
    try {
      // One trace context for the whole send: injected once, not once per message.
      const carried = traceHeaders(ctx);
      const encoded = messages.map((m) => ({
        key: m.key,
        value: encodeValue(m.value),
        headers: m.headers?.[HEADERS.traceparent] ? m.headers : { ...m.headers, ...carried },
      }));
      await this.coalescer.send(topic, encoded);
    } catch (error) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      span.end();
    }
  }

  /**
   * Publishes already-encoded messages to several topics, headers exactly as given. Used by
   * the outbox relay and the dead-letter path. What Kafka would refuse as one request (a
   * record batch above `maxMessageBytes`) goes as several, one after another, so per-key order
   * holds (see splitIntoRequests); a message too large to send at all throws
   * MessageTooLargeError before anything is sent.
   */
  async sendBatch(batches: TopicBatch[]): Promise<void> {
    const requests = splitIntoRequests(
      batches.filter((b) => b.messages.length > 0),
      this.maxMessageBytes,
    );
    if (requests.length === 0) return;
    await this.connect();
    for (const topicMessages of requests)
      await withoutInstrumentation(() =>
        this.producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None }),
      );
  }
}
