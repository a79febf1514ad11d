import { Logger } from '@nestjs/common';
import { RateLimitedLogger } from '@omni/observability';
import type { DataSource } from 'typeorm';
import { backoffDelayMs } from '../backoff';
import { RELAY_DEFAULTS } from '../config/messaging-options';
import { deadLetterTopicFor } from '../messaging-headers';
import { counter, gauge } from '../metrics';
import type { KafkaProducer, TopicBatch } from '../producer/kafka-producer';
import { fitsInRecordBatch } from '../producer/request-splitter';
import { sleep } from '../sleep';
import { tableName } from '../sql';
import { tooLargeDeadLetter, type OutboxDeadLetter } from './outbox-dead-letter';
import { NotificationListener } from '../listen/notification-listener';
import { outboxChannel } from './outbox-channel';
import { OutboxRepository, type OutboxClaim, type OutboxRow } from './outbox.repository';

export type OutboxRelayOptions = {
  service: string;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Default `<service>.dlt.v1`. */
  deadLetterTopic?: string;
};

export type OutboxLag = { rows: number; oldestAgeMs: number };

const published = counter({
  name: 'omni_outbox_published_total',
  help: 'Outbox messages published to Kafka by the relay.',
  labelNames: ['service', 'topic'] as const,
});

const deadLettered = counter({
  name: 'omni_outbox_dead_letters_total',
  help: 'Outbox messages the relay dead-lettered instead of publishing, by the topic they were for and reason (message_too_large).',
  labelNames: ['service', 'topic', 'reason'] as const,
});

// Relays that lag gauges report on; read at scrape time so the values are never stale.
const activeRelays = new Set<OutboxRelay>();

gauge({
  name: 'omni_outbox_lag_rows',
  help: 'Outbox messages not yet published (a bundle row counts the messages it carries).',
  labelNames: ['service'] as const,
  async collect() {
    for (const relay of activeRelays) {
      const lag = await relay.lag().catch(() => undefined);
      if (lag) this.set({ service: relay.service }, lag.rows);
    }
  },
});

gauge({
  name: 'omni_outbox_oldest_age_seconds',
  help: 'Age of the oldest unpublished outbox row.',
  labelNames: ['service'] as const,
  async collect() {
    for (const relay of activeRelays) {
      const lag = await relay.lag().catch(() => undefined);
      if (lag) this.set({ service: relay.service }, lag.oldestAgeMs / 1000);
    }
  },
});

const failureBackoff = { initialBackoffMs: 100, maxBackoffMs: 5_000 };

/**
 * Publishes outbox rows in id order, in batches, keeping per-key order across any number
 * of replicas. While one batch is being sent the next is claimed, so the database and
 * Kafka round trips overlap. When the outbox is empty it waits for the NOTIFY that every
 * enqueueing commit sends (see NotificationListener), or at most `pollIntervalMs`. A batch goes in
 * as many requests as Kafka's size limit needs (KafkaProducer.sendBatch); a message that
 * cannot fit even alone is dead-lettered in the batch's transaction, and the rest go on.
 */
export class OutboxRelay {
  readonly service: string;
  private readonly repository: OutboxRepository;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly deadLetterTopic: string;
  private readonly logger = new Logger(OutboxRelay.name);
  // A broker or database outage fails every attempt the same way: a line a minute is enough.
  private readonly repeats = new RateLimitedLogger(this.logger);
  private readonly listener: NotificationListener;
  /** Set by a notification; cleared when a claim starts, which then sees the notified rows. */
  private notified = false;
  private wakeUp?: () => void;
  private abort = new AbortController();
  private loop?: Promise<void>;
  private publishedRows = 0;

  constructor(
    dataSource: DataSource,
    private readonly producer: KafkaProducer,
    options: OutboxRelayOptions,
  ) {
    this.service = options.service;
    this.repository = new OutboxRepository(dataSource);
    this.batchSize = options.batchSize ?? RELAY_DEFAULTS.batchSize;
    this.pollIntervalMs = options.pollIntervalMs ?? RELAY_DEFAULTS.pollIntervalMs;
    this.deadLetterTopic = options.deadLetterTopic ?? deadLetterTopicFor(options.service);
    // A commit made while the connection was away went unheard: claim at once after a
    // (re)connect. Polling goes on regardless, so a missed notification costs a poll interval.
    this.listener = new NotificationListener(dataSource, {
      channel: outboxChannel(tableName(dataSource, 'outbox')),
      applicationName: 'omni-outbox-listener',
      meanwhile: 'polling',
      onNotification: () => this.wake(),
      onListening: () => this.wake(),
    });
  }

  /** Claims again now instead of at the next poll, e.g. because rows were just committed. */
  wake(): void {
    this.notified = true;
    this.wakeUp?.();
  }

  /** True while commits wake the relay; otherwise it finds new rows by polling alone. */
  isListening(): boolean {
    return this.listener.isListening();
  }

  /** Rows this instance has published since it was created. */
  get publishedCount(): number {
    return this.publishedRows;
  }

  isRunning(): boolean {
    return this.loop !== undefined;
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    activeRelays.add(this);
    this.listener.start();
    this.loop = this.run(this.abort.signal);
  }

  /** Finishes the batch being sent, releases the one claimed ahead, and stops. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort();
    this.wakeUp?.();
    await this.loop;
    await this.listener.stop();
    this.loop = undefined;
    activeRelays.delete(this);
  }

  lag(): Promise<OutboxLag> {
    return this.repository.lag();
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let current: OutboxClaim | undefined;
    // The batch sent last: its delete commits while the next batch is being sent.
    let committing: { ids: string[]; done: Promise<void> } | undefined;
    // A short batch took every row there was; what is committed after its claim notifies.
    let drained = false;
    while (!signal.aborted) {
      try {
        if (drained && current === undefined) await this.idle(signal);
        drained = false;
        current ??= await this.claim(committing?.ids ?? []);
        if (current.ids.length === 0) {
          await committing?.done;
          committing = undefined;
          await current.commit();
          current = undefined;
          await this.idle(signal);
          continue;
        }
        const batch = current;
        current = undefined;
        const ids = batch.ids;
        // Claim ahead behind a full batch, or when rows were committed since this claim began;
        // otherwise the outbox is empty and claiming ahead would be round trips for nothing.
        drained = !batch.full && !this.notified;
        const next =
          signal.aborted || drained
            ? undefined
            : settle(this.claim([...(committing?.ids ?? []), ...ids]));
        let adopted = false;
        try {
          const { rows, deadLetters } = this.separateTooLarge(batch.rows);
          try {
            await batch.deadLetter(deadLetters.map((d) => d.record));
            await this.producer.sendBatch([
              ...toTopicBatches(rows),
              { topic: this.deadLetterTopic, messages: deadLetters.map((d) => d.message) },
            ]);
          } catch (error) {
            await batch.rollback();
            throw error;
          }
          await committing?.done;
          committing = { ids, done: this.commit(batch, rows, deadLetters) };
          failures = 0;
          const claimed = await next;
          if (claimed?.error) throw claimed.error;
          current = claimed?.claim;
          adopted = true;
        } finally {
          // Nothing claimed behind a failed batch may go out before it: release that claim.
          if (!adopted) await next?.then((n) => n.claim?.rollback()).catch(() => undefined);
        }
      } catch (error) {
        failures += 1;
        this.repeats.error(
          `relay: ${describe(error)}`,
          `outbox relay for ${this.service} failed (attempt ${failures}): ${describe(error)}`,
        );
        await sleep(backoffDelayMs(failures, failureBackoff), signal);
      }
    }
    await committing?.done;
    await current?.rollback().catch(() => undefined);
  }

  private claim(inFlight: readonly string[]): Promise<OutboxClaim> {
    this.notified = false;
    return this.repository.claim(this.batchSize, inFlight);
  }

  /** Waits for a notification (unless one came in since the last claim started) or the poll interval. */
  private async idle(signal: AbortSignal): Promise<void> {
    if (this.notified || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wakeUp = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.wakeUp = undefined;
  }

  /** Messages Kafka would refuse whatever they were sent with, as dead letters; the rest. */
  private separateTooLarge(claimed: OutboxRow[]): {
    rows: OutboxRow[];
    deadLetters: OutboxDeadLetter[];
  } {
    const limit = this.producer.maxMessageBytes;
    const rows = claimed.filter((row) => fitsInRecordBatch(row, limit));
    if (rows.length === claimed.length) return { rows, deadLetters: [] };
    const failedAt = new Date();
    const deadLetters = claimed
      .filter((row) => !fitsInRecordBatch(row, limit))
      .map((row) => tooLargeDeadLetter(row, limit, failedAt));
    return { rows, deadLetters };
  }

  /** Never rejects: if the delete is lost, the rows stay and are sent again (consumers dedupe). */
  private commit(
    batch: OutboxClaim,
    rows: OutboxRow[],
    deadLetters: OutboxDeadLetter[],
  ): Promise<void> {
    return batch.commit().then(
      () => {
        this.count(rows);
        this.reportDeadLetters(deadLetters);
      },
      (error: unknown) =>
        this.repeats.warn(
          `delete: ${describe(error)}`,
          `outbox rows were published but their delete failed; they will be sent again: ${describe(error)}`,
        ),
    );
  }

  // Once per message: only a committed claim has dead-lettered it for good.
  private reportDeadLetters(deadLetters: OutboxDeadLetter[]): void {
    for (const { record } of deadLetters) {
      deadLettered.inc({ service: this.service, topic: record.topic, reason: 'message_too_large' });
      this.logger.error(
        `dead-lettered message ${record.partition} of outbox row ${record.offset} (for ${record.topic}) to ${this.deadLetterTopic}: ${record.error}`,
      );
    }
  }

  private count(rows: OutboxRow[]): void {
    this.publishedRows += rows.length;
    const perTopic = new Map<string, number>();
    for (const row of rows) perTopic.set(row.topic, (perTopic.get(row.topic) ?? 0) + 1);
    for (const [topic, n] of perTopic) published.inc({ service: this.service, topic }, n);
  }
}

/** Groups rows by topic, keeping id order inside each topic (and so inside each key). */
export function toTopicBatches(rows: OutboxRow[]): TopicBatch[] {
  const byTopic = new Map<string, TopicBatch>();
  for (const row of rows) {
    let batch = byTopic.get(row.topic);
    if (!batch) byTopic.set(row.topic, (batch = { topic: row.topic, messages: [] }));
    batch.messages.push({ key: row.key, value: row.value, headers: row.headers });
  }
  return [...byTopic.values()];
}

type Settled = { claim?: OutboxClaim; error?: unknown };

// A claim running ahead must never become an unhandled rejection while we await the send.
function settle(claim: Promise<OutboxClaim>): Promise<Settled> {
  return claim.then(
    (c) => ({ claim: c }),
    (error: unknown) => ({ error }),
  );
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
