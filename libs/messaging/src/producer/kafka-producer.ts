import { Injectable } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CompressionTypes, type Producer } from 'kafkajs';
import { HEADERS } from '@omni/contracts';
import { createKafka, type KafkaClientOptions } from '../kafka-client';
import { messagingTracer, traceHeaders, withoutInstrumentation } from '../tracing/trace-context';
import { keyPartitioner } from './key-partitioner';
import { encodeValue, type EncodedMessage, type OutgoingMessage } from './message-encoding';
import { SendCoalescer } from './send-coalescer';

export type TopicBatch = { topic: string; messages: EncodedMessage[] };

export type KafkaProducerOptions = KafkaClientOptions & {
  /**
   * Concurrent `send` calls to one topic are merged into one request up to about this many
   * bytes of keys and values (default just under Kafka's default message.max.bytes of 1 MB).
   */
  maxCoalescedBytes?: number;
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
   * Publishes already-encoded messages to several topics in one request per broker, headers
   * exactly as given. Used by the outbox relay and the dead-letter path.
   */
  async sendBatch(batches: TopicBatch[]): Promise<void> {
    const topicMessages = batches.filter((b) => b.messages.length > 0);
    if (topicMessages.length === 0) return;
    await this.connect();
    await withoutInstrumentation(() =>
      this.producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None }),
    );
  }
}
