import { Logger } from '@nestjs/common';
import { RateLimitedLogger } from '@omni/observability';
import type { Context } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, KafkaMessage, OffsetsByTopicPartition } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { backoffDelayMs, type BackoffPolicy } from '../backoff';
import { MEMBERSHIP_DEFAULTS, RETRY_DEFAULTS } from '../config/messaging-options';
import { createKafka } from '../kafka-client';
import { deadLetterTopicFor } from '../messaging-headers';
import { counter } from '../metrics';
import { KafkaProducer } from '../producer/kafka-producer';
import { decodeHeaders, rawHeaders } from '../producer/message-encoding';
import { sleep } from '../sleep';
import { extractTraceContext, inConsumerSpan, traceIdOf } from '../tracing/trace-context';
import type { ConsumedEvent, RawMessage } from './consumed-event';
import { fitForDeadLetterTopic } from './dead-letter-fit';
import { deadLetterHeaders, truncateError } from './dead-letter-headers';
import { DeadLetterRepository, type DeadLetterRecord } from './dead-letter.repository';
import { decodeJson, envelopeEventId, UndecodableMessageError } from './event-decoding';
import { InboxRepository } from './inbox.repository';

export type EventHandlerFn<T> = (event: ConsumedEvent<T>, tx: EntityManager) => Promise<void>;

/** Applies the new (not yet seen) events of one transaction together, in offset order. */
export type BatchHandlerFn<T> = (events: ConsumedEvent<T>[], tx: EntityManager) => Promise<void>;

export type BatchConsumerOptions<T> = {
  service: string;
  brokers: string[];
  clientId?: string;
  groupId: string;
  topics: string[];
  dataSource: DataSource;
  /** Turns the raw message into the handler's value; throwing sends it straight to the DLT. Default: JSON. */
  decode?: (raw: RawMessage) => T;
  handle: EventHandlerFn<T>;
  /**
   * Optional: applies all new events of a transaction in one call instead of `handle` per
   * event, so a handler can read and write in bulk. A failure still falls back to one event
   * per transaction (then called with a single event), retries and the DLT.
   */
  handleBatch?: BatchHandlerFn<T>;
  /** The id the inbox deduplicates on; throwing sends the message to the DLT. Default: the value's `eventId`. */
  eventId?: (event: Omit<ConsumedEvent<T>, 'eventId' | 'traceId'>) => string;
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Where a new consumer group starts. Default true, so a new service misses nothing. */
  fromBeginning?: boolean;
  /** Default `<service>.dlt.v1`. */
  deadLetterTopic?: string;
  /** A shared producer for dead letters; otherwise the consumer creates and owns one. */
  producer?: KafkaProducer;
  /** Messages applied per database transaction. Default 500. */
  maxBatchSize?: number;
  /**
   * Least time between offset commits. Default 0: the offset is committed after every
   * transaction. With more, the offsets of all partitions are committed together at most
   * this often (and at once when the consumer stops), saving a Kafka round trip per batch;
   * offsets not yet committed when a process dies or a rebalance happens are delivered
   * again, and the inbox skips them.
   */
  commitIntervalMs?: number;
  /**
   * Attempts at a failed batch as a whole (with backoff) before it is retried message by
   * message. Default 1: straight to message by message.
   */
  batchAttempts?: number;
  /**
   * Apply the batches of partitions consumed concurrently (see
   * `partitionsConsumedConcurrently`) that are ready at the same moment in one database
   * transaction instead of one each (two concurrent ones above `maxBatchSize` messages): fewer
   * round trips per event, and fewer lock waits between partitions of this process. Each
   * partition's messages keep their order; if a shared transaction fails, every batch in it is
   * applied on its own as without this option. Default false.
   */
  combinePartitions?: boolean;
  partitionsConsumedConcurrently?: number;
  /** Default 10 s: see MEMBERSHIP_DEFAULTS. */
  sessionTimeoutMs?: number;
  /** Default 1 s. */
  heartbeatIntervalMs?: number;
};

/**
 * `connecting` until the client is connected and subscribed, `joining` while it waits for the
 * group to (re)balance, `consuming` once it has its partitions; `failed` after a crash kafkajs
 * does not restart.
 */
export type ConsumerStatus = 'stopped' | 'connecting' | 'joining' | 'consuming' | 'failed';

export type BatchConsumer = {
  /**
   * Connects, subscribes and joins the group; resolves once the first join is done (or, if it
   * failed, handed to kafkajs's restart). Throws when connecting or subscribing fails.
   */
  start(): Promise<void>;
  /**
   * Lets the batch in flight commit and leaves the group. A join in progress is waited for
   * first, for at most one session, since only a member can leave.
   */
  stop(): Promise<void>;
  status(): ConsumerStatus;
  /**
   * Resolves with the error once the consumer last started has crashed for good (an error
   * kafkajs does not restart after, such as a non-retriable broker answer); until then it stays
   * pending. After it resolves, `start()` begins again with a new client.
   */
  crashed(): Promise<unknown>;
};

const deadLetters = counter({
  name: 'omni_consumer_dead_letters_total',
  help: 'Messages sent to the dead-letter topic, by reason (decode: undecodable; handler: retries exhausted).',
  labelNames: ['service', 'consumer_group', 'topic', 'reason'] as const,
});

const consumed = counter({
  name: 'omni_consumer_events_total',
  help: 'Events applied by consumers (processed) or skipped because the inbox had seen them (duplicate).',
  labelNames: ['service', 'consumer_group', 'topic', 'outcome'] as const,
});

/** The decoded message, or why it can never be processed. */
type Item<T> = {
  partition: number;
  message: KafkaMessage;
  raw: RawMessage;
  parent: Context;
  event?: ConsumedEvent<T>;
  poison?: unknown;
};

type Outcome = 'done' | 'aborted';

type Rejection<T> = {
  item: Item<T>;
  error: unknown;
  attempts: number;
  reason: 'decode' | 'handler';
};

// kafkajs 2.2.4 types this parameter as `Offsets`, but at runtime it takes `{ topics }`
// and commits exactly those offsets, even while the consumer is stopping (runner.js).
type CommitOffsets = (offsets: OffsetsByTopicPartition) => Promise<void>;

function deferred(): { promise: Promise<unknown>; resolve: (value: unknown) => void } {
  let resolve: (value: unknown) => void = () => undefined;
  const promise = new Promise<unknown>((r) => (resolve = r));
  return { promise, resolve };
}

const deadLetterBackoff: BackoffPolicy = { initialBackoffMs: 500, maxBackoffMs: 30_000 };

/**
 * A batched Kafka consumer with an idempotent inbox. Each fetched batch is applied in one
 * database transaction (inbox rows + handler effects); if that fails, each message is
 * retried on its own with backoff and finally dead-lettered. Offsets are committed only
 * after the transaction commits, so a crash at any moment re-delivers at most what the
 * inbox then skips.
 */
export function createBatchConsumer<T = unknown>(options: BatchConsumerOptions<T>): BatchConsumer {
  return new KafkaBatchConsumer(options);
}

class KafkaBatchConsumer<T> implements BatchConsumer {
  private readonly logger: Logger;
  /** Retries and outages repeat the same failure for every message: a line a minute each. */
  private readonly repeats: RateLimitedLogger;
  private readonly inbox: InboxRepository;
  private readonly deadLetterStore: DeadLetterRepository;
  private readonly producer: KafkaProducer;
  private readonly ownsProducer: boolean;
  private readonly deadLetterTopic: string;
  private readonly decode: (raw: RawMessage) => T;
  private readonly eventIdOf: (event: Omit<ConsumedEvent<T>, 'eventId' | 'traceId'>) => string;
  private readonly retry: BackoffPolicy & { maxAttempts: number };
  private readonly maxBatchSize: number;
  private readonly commitIntervalMs: number;
  private readonly batchAttempts: number;
  /** Next offset to commit per `topic\u0000partition`, applied but not yet committed. */
  private readonly uncommitted = new Map<
    string,
    { topic: string; partition: number; offset: string }
  >();
  private lastCommitAt = 0;
  private consumer?: Consumer;
  private starting?: Promise<void>;
  private crash = deferred();
  private state: ConsumerStatus = 'stopped';
  private readonly combiner?: TransactionCombiner<Item<T>>;

  constructor(private readonly options: BatchConsumerOptions<T>) {
    this.logger = new Logger(`BatchConsumer ${options.groupId}`);
    this.repeats = new RateLimitedLogger(this.logger);
    this.inbox = new InboxRepository(options.dataSource);
    this.deadLetterStore = new DeadLetterRepository(options.dataSource);
    this.ownsProducer = options.producer === undefined;
    this.producer =
      options.producer ??
      new KafkaProducer({ brokers: options.brokers, clientId: options.clientId });
    this.deadLetterTopic = options.deadLetterTopic ?? deadLetterTopicFor(options.service);
    // Without a decoder the value is whatever the JSON holds; the handler's type is a promise.
    this.decode = options.decode ?? (decodeJson as (raw: RawMessage) => T);
    this.eventIdOf = options.eventId ?? ((event) => envelopeEventId(event.value));
    this.retry = {
      maxAttempts: options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts,
      initialBackoffMs: options.initialBackoffMs ?? RETRY_DEFAULTS.initialBackoffMs,
      maxBackoffMs: options.maxBackoffMs ?? RETRY_DEFAULTS.maxBackoffMs,
    };
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.commitIntervalMs = options.commitIntervalMs ?? 0;
    this.batchAttempts = options.batchAttempts ?? 1;
    if (options.combinePartitions)
      this.combiner = new TransactionCombiner(
        (items) => this.options.dataSource.transaction((tx) => this.apply(items, tx)),
        this.maxBatchSize,
      );
  }

  status(): ConsumerStatus {
    return this.state;
  }

  crashed(): Promise<unknown> {
    return this.crash.promise;
  }

  start(): Promise<void> {
    if (this.consumer) return this.starting ?? Promise.resolve();
    const { groupId } = this.options;
    const crash = deferred();
    this.crash = crash;
    const consumer = createKafka(this.options, `consumer-${groupId}`).consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.options.sessionTimeoutMs ?? MEMBERSHIP_DEFAULTS.sessionTimeoutMs,
      heartbeatInterval:
        this.options.heartbeatIntervalMs ?? MEMBERSHIP_DEFAULTS.heartbeatIntervalMs,
      // Short fetch waits let stop() return promptly when topics are idle.
      maxWaitTimeInMs: 1_000,
      // A consumer stopped while a request was pending would otherwise be restarted by kafkajs.
      retry: { restartOnFailure: async () => this.consumer === consumer },
    });
    const current = (status: ConsumerStatus) => {
      if (this.consumer === consumer) this.state = status;
    };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      // After a rebalance a held-back offset may belong to a partition another member now
      // owns; committing it could move that partition backwards, so forget it (redelivery is deduped).
      this.uncommitted.clear();
      current('consuming');
    });
    // Also after kafkajs restarts a crashed consumer, which reconnects before it rejoins.
    consumer.on(consumer.events.CONNECT, () => {
      if (this.state === 'connecting') current('joining');
    });
    consumer.on(consumer.events.REBALANCING, () => current('joining'));
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      current(restart ? 'connecting' : 'failed');
      this.repeats.error(
        `crash: ${error.message}`,
        `consumer crashed (restart: ${restart}): ${error.name}: ${error.message}`,
      );
      // kafkajs disconnects a consumer it does not restart; a later start() makes a new one.
      if (!restart && this.consumer === consumer) {
        this.consumer = undefined;
        crash.resolve(error);
      }
    });
    this.consumer = consumer;
    this.state = 'connecting';
    this.starting = this.run(consumer).catch(async (error: unknown) => {
      if (this.consumer === consumer) {
        this.consumer = undefined;
        this.state = 'failed';
      }
      await consumer.disconnect().catch(() => undefined);
      throw error;
    });
    return this.starting;
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    // Stopped while connecting: the disconnect may have raced the connection.
    if (this.consumer !== consumer) return consumer.disconnect();
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) {
      // Leaving needs a member id, which the join gives; without it the next member to join
      // waits for this one's session to end as well.
      if (this.state === 'joining') {
        const waitMs = this.options.sessionTimeoutMs ?? MEMBERSHIP_DEFAULTS.sessionTimeoutMs;
        this.logger.warn(`stopping during a join: waiting up to ${waitMs} ms for it to leave`);
        await this.settled(waitMs);
      }
      const disconnecting = Date.now();
      await consumer.disconnect();
      const tookMs = Date.now() - disconnecting;
      if (tookMs > 2_000) this.logger.warn(`leaving the group took ${tookMs} ms`);
    }
    this.state = 'stopped';
    if (this.ownsProducer) await this.producer.disconnect();
  }

  /** Resolves when the start in progress has settled, or after `ms`. */
  private async settled(ms: number): Promise<void> {
    const abort = new AbortController();
    await Promise.race([this.starting?.catch(() => undefined), sleep(ms, abort.signal)]);
    abort.abort();
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = payload.batch;
    for (let start = 0; start < messages.length; start += this.maxBatchSize) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = messages
        .slice(start, start + this.maxBatchSize)
        .map((m) => this.toItem(topic, partition, m));
      const outcome = await this.applyChunk(chunk, payload);
      if (outcome === 'aborted') return;
      await payload.heartbeat();
    }
  }

  /**
   * The fast path: the whole chunk in one transaction (shared with other partitions' chunks
   * when combining). On failure, the chunk alone, then message by message.
   */
  private async applyChunk(items: Item<T>[], payload: EachBatchPayload): Promise<Outcome> {
    const events = items.filter((i) => i.event !== undefined);
    let combined = false;
    if (this.combiner !== undefined && events.length > 0) {
      try {
        const processed = await this.combiner.apply(events);
        const applied = events.filter((item) => processed.has(item)).length;
        this.countApplied(items[0].raw.topic, {
          processed: applied,
          duplicate: events.length - applied,
        });
        combined = true;
      } catch (error) {
        this.repeats.warn(
          `combined: ${describe(error)}`,
          `combined batch failed, applying the ${events.length} message(s) of ${describeItem(events[0])} on their own: ${describe(error)}`,
        );
      }
    }
    for (let attempt = 1; !combined && events.length > 0; attempt++) {
      try {
        const processed = await this.options.dataSource.transaction((tx) => this.apply(events, tx));
        this.countApplied(items[0].raw.topic, {
          processed: processed.size,
          duplicate: events.length - processed.size,
        });
        break;
      } catch (error) {
        // A transient failure (a busy lock, a serialization failure) usually clears for the
        // whole batch; going message by message at once would cost a transaction per message.
        if (attempt < this.batchAttempts && !(error instanceof UndecodableMessageError)) {
          this.repeats.warn(
            `batch: ${describe(error)}`,
            `batch of ${items.length} failed (attempt ${attempt}/${this.batchAttempts}), retrying it: ${describe(error)}`,
          );
          if ((await this.pause(backoffDelayMs(attempt, this.retry), payload)) === 'aborted')
            return 'aborted';
          continue;
        }
        this.repeats.warn(
          `one by one: ${describe(error)}`,
          `batch of ${items.length} failed, retrying message by message: ${describe(error)}`,
        );
        return this.applyOneByOne(items, payload);
      }
    }
    const poison = items.filter((i) => i.poison !== undefined);
    const rejections = poison.map((item) => ({
      item,
      error: item.poison,
      attempts: 1,
      reason: 'decode' as const,
    }));
    if ((await this.deadLetter(rejections, payload)) === 'aborted') return 'aborted';
    await this.commit(payload, items[items.length - 1].message.offset);
    return 'done';
  }

  private async applyOneByOne(items: Item<T>[], payload: EachBatchPayload): Promise<Outcome> {
    for (const item of items) {
      const outcome = item.event
        ? await this.applyWithRetries(item, payload)
        : await this.deadLetter(
            [{ item, error: item.poison, attempts: 1, reason: 'decode' }],
            payload,
          );
      if (outcome === 'aborted') return 'aborted';
      await this.commit(payload, item.message.offset);
    }
    return 'done';
  }

  private async applyWithRetries(item: Item<T>, payload: EachBatchPayload): Promise<Outcome> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      try {
        const processed = await this.options.dataSource.transaction((tx) => this.apply([item], tx));
        this.countApplied(item.raw.topic, {
          processed: processed.size,
          duplicate: 1 - processed.size,
        });
        return 'done';
      } catch (error) {
        // A handler that finds the event invalid is not helped by retrying it.
        if (error instanceof UndecodableMessageError)
          return this.deadLetter([{ item, error, attempts: attempt, reason: 'decode' }], payload);
        lastError = error;
        if (attempt === this.retry.maxAttempts) break;
        this.repeats.warn(
          `retry: ${describe(error)}`,
          `${describeItem(item)} failed (attempt ${attempt}/${this.retry.maxAttempts}): ${describe(error)}`,
        );
        if ((await this.pause(backoffDelayMs(attempt, this.retry), payload)) === 'aborted')
          return 'aborted';
      }
    }
    return this.deadLetter(
      [{ item, error: lastError, attempts: this.retry.maxAttempts, reason: 'handler' }],
      payload,
    );
  }

  /**
   * Inbox first: an event id already recorded for this group is skipped, not re-applied.
   * Returns the items applied (the others were duplicates).
   */
  private async apply(items: Item<T>[], tx: EntityManager): Promise<Set<Item<T>>> {
    const events = items.map((i) => i.event).filter((e): e is ConsumedEvent<T> => e !== undefined);
    const fresh = await this.inbox.record(tx, this.options.groupId, events);
    const handleBatch = this.options.handleBatch;
    if (handleBatch !== undefined) {
      const batch = items.filter(
        (item) => item.event !== undefined && fresh.delete(item.event.eventId),
      );
      if (batch.length > 0) {
        const first = batch[0].event as ConsumedEvent<T>;
        await inConsumerSpan(
          batch[0].parent,
          {
            topic: first.topic,
            partition: first.partition,
            offset: first.offset,
            group: this.options.groupId,
            key: first.key,
          },
          () =>
            handleBatch(
              batch.map((item) => item.event as ConsumedEvent<T>),
              tx,
            ),
        );
      }
      return new Set(batch);
    }
    const processed = new Set<Item<T>>();
    for (const item of items) {
      const event = item.event;
      // Deleting makes a second copy of the same event within one batch a duplicate too.
      if (!event || !fresh.delete(event.eventId)) continue;
      await inConsumerSpan(
        item.parent,
        {
          topic: event.topic,
          partition: event.partition,
          offset: event.offset,
          group: this.options.groupId,
          key: event.key,
        },
        () => this.options.handle(event, tx),
      );
      processed.add(item);
    }
    return processed;
  }

  /**
   * Records the rejections in dead_letters, then publishes them to the DLT (key, value and
   * headers as received). Infrastructure failures here are retried until they succeed or
   * the consumer stops: a message is never skipped without a trace.
   */
  private async deadLetter(
    rejections: Rejection<T>[],
    payload: EachBatchPayload,
  ): Promise<Outcome> {
    if (rejections.length === 0) return 'done';
    const failedAt = new Date();
    const records: DeadLetterRecord[] = rejections.map(({ item, error, attempts }) => ({
      consumerGroup: this.options.groupId,
      topic: item.raw.topic,
      partition: item.partition,
      offset: item.message.offset,
      key: item.raw.key === null ? null : textSafe(item.raw.key),
      value: item.message.value,
      headers: Object.fromEntries(
        Object.entries(item.raw.headers).map(([k, v]) => [textSafe(k), textSafe(v)]),
      ),
      error: textSafe(truncateError(describe(error))),
      attempts,
      failedAt,
    }));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deadLetterStore.record(records);
        await this.producer.sendBatch([
          {
            topic: this.deadLetterTopic,
            messages: rejections.map(({ item }, i) =>
              fitForDeadLetterTopic(
                {
                  key: item.message.key,
                  value: item.message.value,
                  headers: deadLetterHeaders(rawHeaders(item.message.headers), records[i]),
                },
                this.producer.maxMessageBytes,
              ),
            ),
          },
        ]);
        break;
      } catch (error) {
        this.repeats.error(
          `dead-letter: ${describe(error)}`,
          `could not dead-letter ${rejections.length} message(s) to ${this.deadLetterTopic}: ${describe(error)}`,
        );
        if ((await this.pause(backoffDelayMs(attempt, deadLetterBackoff), payload)) === 'aborted')
          return 'aborted';
      }
    }
    for (const { item, error, attempts, reason } of rejections) {
      deadLetters.inc({
        service: this.options.service,
        consumer_group: this.options.groupId,
        topic: item.raw.topic,
        reason,
      });
      // Why a message could not be decoded often quotes it; dead_letters keeps the full reason.
      const why =
        reason === 'decode' ? `${errorType(error)}, reason in dead_letters` : describe(error);
      this.repeats.error(
        `dead-lettered: ${item.raw.topic} ${reason} ${why}`,
        `dead-lettered ${describeItem(item)} to ${this.deadLetterTopic} after ${attempts} attempt(s) (${reason}): ${why}`,
      );
    }
    return 'done';
  }

  private async commit(payload: EachBatchPayload, offset: string): Promise<void> {
    const { topic, partition } = payload.batch;
    payload.resolveOffset(offset);
    this.uncommitted.set(`${topic}\u0000${partition}`, {
      topic,
      partition,
      offset: (BigInt(offset) + 1n).toString(),
    });
    const stopping = !payload.isRunning() || payload.isStale();
    if (!stopping && Date.now() - this.lastCommitAt < this.commitIntervalMs) return;
    const offsets = [...this.uncommitted.values()];
    this.uncommitted.clear();
    this.lastCommitAt = Date.now();
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const o of offsets)
      byTopic.set(o.topic, [
        ...(byTopic.get(o.topic) ?? []),
        { partition: o.partition, offset: o.offset },
      ]);
    const commitOffsets = payload.commitOffsetsIfNecessary as unknown as CommitOffsets;
    await commitOffsets({
      topics: [...byTopic].map(([t, partitions]) => ({ topic: t, partitions })),
    });
  }

  /** Waits out a backoff, heart-beating so the group does not evict us; aborts on stop. */
  private async pause(ms: number, payload: EachBatchPayload): Promise<Outcome> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!payload.isRunning() || payload.isStale()) return 'aborted';
      await sleep(Math.min(until - Date.now(), 1_000));
      await payload.heartbeat();
    }
    return payload.isRunning() && !payload.isStale() ? 'done' : 'aborted';
  }

  private toItem(topic: string, partition: number, message: KafkaMessage): Item<T> {
    const headers = decodeHeaders(message.headers);
    const raw: RawMessage = {
      topic,
      key: message.key?.toString('utf8') ?? null,
      value: message.value,
      headers,
    };
    const parent = extractTraceContext(headers);
    try {
      const value = this.decode(raw);
      const base = { topic, partition, offset: message.offset, key: raw.key, headers, value };
      const event: ConsumedEvent<T> = {
        ...base,
        eventId: this.eventIdOf(base),
        traceId: traceIdOf(parent),
        rawValue: message.value,
      };
      return { partition, message, raw, parent, event };
    } catch (poison) {
      return { partition, message, raw, parent, poison };
    }
  }

  private countApplied(topic: string, counts: { processed: number; duplicate: number }): void {
    const labels = { service: this.options.service, consumer_group: this.options.groupId, topic };
    if (counts.processed) consumed.inc({ ...labels, outcome: 'processed' }, counts.processed);
    if (counts.duplicate) consumed.inc({ ...labels, outcome: 'duplicate' }, counts.duplicate);
  }
}

type Waiting<I> = { items: I[]; resolve(applied: Set<I>): void; reject(error: unknown): void };

/**
 * Group commit for consumer transactions: batches handed in together (or while transactions
 * are running) are applied together, in the order they came, and every caller of a group gets
 * its outcome: the set of items applied, or the error. More than `splitAbove` items are split
 * into two groups applied concurrently, so that Postgres works on one while Node plans and
 * encodes the other; the next groups start when both are done.
 */
class TransactionCombiner<I> {
  private queue: Waiting<I>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<Set<I>>,
    private readonly splitAbove: number,
  ) {}

  apply(items: I[]): Promise<Set<I>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (this.scheduled || this.running > 0) return;
      this.scheduled = true;
      // The partitions of one fetch are handed in within the same turn of the event loop.
      setImmediate(() => {
        this.scheduled = false;
        this.start();
      });
    });
  }

  private start(): void {
    const waiting = this.queue.reduce((sum, entry) => sum + entry.items.length, 0);
    const split = this.queue.length > 1 && waiting > this.splitAbove;
    const first = this.queue.splice(
      0,
      split ? Math.ceil(this.queue.length / 2) : this.queue.length,
    );
    const rest = this.queue.splice(0, this.queue.length);
    for (const group of [first, rest]) if (group.length > 0) void this.runGroup(group);
  }

  private async runGroup(group: Waiting<I>[]): Promise<void> {
    this.running += 1;
    try {
      const applied = await this.run(group.flatMap((entry) => entry.items));
      for (const entry of group) entry.resolve(applied);
    } catch (error) {
      for (const entry of group) entry.reject(error);
    } finally {
      this.running -= 1;
      if (this.running === 0 && this.queue.length > 0) this.start();
    }
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

const errorType = (error: unknown) =>
  error instanceof Error ? error.constructor.name : typeof error;

const describeItem = (item: Item<unknown>) =>
  `${item.raw.topic}[${item.partition}]@${item.message.offset}${item.event ? ` (event ${item.event.eventId})` : ''}`;

// Postgres text and jsonb cannot hold NUL, which an arbitrary poison message may contain.
const textSafe = (value: string) => value.replaceAll('\u0000', '\uFFFD');
