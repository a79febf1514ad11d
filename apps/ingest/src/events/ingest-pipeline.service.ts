import { Inject, Injectable } from '@nestjs/common';
import { context, propagation } from '@opentelemetry/api';
import { DataSource, type EntityManager } from 'typeorm';
import {
  encodeEvent,
  HEADERS,
  withinEventDepth,
  type EventEnvelope,
  type ValidationError,
} from '@omni/contracts';
import { GroupCommit, KafkaProducer, Outbox, type OutgoingMessage } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
import type { Connector } from '../connectors/connector';
import { IngestHttpError } from '../http/ingest-http-error';
import { RejectionsRepository } from '../rejections/rejections.repository';
import type { IngestSource, Rejection } from '../rejections/rejection';
import { dedupeKey, DedupeKeysRepository, type ClaimMode } from '../dedupe/dedupe-keys.repository';
import { classifyCommitFailure } from './commit-failure';
import { normaliseEvent, type NormaliseSettings } from './event-normaliser';
import { countEvents, GroupTiming, type EventOutcome } from './ingest-metrics';
import { partitionKeyOf } from './partition-key';

/** One event to ingest: what to validate, what to keep if rejected, and errors found earlier (e.g. Segment mapping). */
export type IngestItem = { event: unknown; received: unknown; errors?: ValidationError[] };

export type EventResult = {
  index: number;
  eventId: string | null;
  status: EventOutcome;
  errors?: ValidationError[];
};

export type BatchResult = {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
};

/** An accepted event and the JSON it is published as (encoded once, its size checked). */
type Candidate = { index: number; event: EventEnvelope; json: string };

type Classified = { results: EventResult[]; candidates: Candidate[]; rejections: Rejection[] };

/** One HTTP batch waiting for its group's transaction. */
type PendingBatch = {
  connectorId: string;
  candidates: Candidate[];
  rejections: Rejection[];
  results: EventResult[];
  receivedAt: Date;
  trace: Record<string, string>;
  /** performance.now() when it joined the queue for a group. */
  submittedAt: number;
};

/**
 * Validation, normalisation, dedupe and publishing, shared by the HTTP, Segment and Kafka
 * entry points. Dedupe keys live in Postgres (unique on connector + eventId), so every
 * replica agrees; a concurrent insert of the same key waits for the other transaction and
 * then sees it as a duplicate.
 */
@Injectable()
export class IngestPipeline {
  private readonly settings: NormaliseSettings;
  private readonly groups: GroupCommit<PendingBatch>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
    private readonly outbox: Outbox,
    private readonly rejections: RejectionsRepository,
    private readonly dedupeKeys: DedupeKeysRepository,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {
    this.settings = {
      defaultPhoneRegion: config.events.defaultPhoneRegion,
      maxFutureMs: config.events.maxFutureSeconds * 1_000,
      maxPastMs: config.events.maxPastDays * 86_400_000,
    };
    this.groups = new GroupCommit((group) => this.commitGroup(group), {
      maxWeight: config.publish.groupMaxEvents,
      maxInFlight: config.publish.groupMaxInFlight,
      // Unless the database or broker is down, a failed group is retried without the culprit.
      isolate: (error) => classifyCommitFailure(error) !== 'unavailable',
    });
  }

  /**
   * The HTTP path. Dedupe keys, rejections and the Kafka send share one transaction: it
   * commits only after Kafka acknowledged (acks=all), and if Kafka fails nothing is kept,
   * so a retry is accepted, not reported as a duplicate of an event that was never published.
   * The commit keeps synchronous_commit on: with it off, a Postgres crash could forget dedupe
   * keys of events already answered "accepted", and their retries would be published twice.
   */
  async ingestBatch(
    connector: Connector,
    source: IngestSource,
    items: IngestItem[],
    receivedAt = new Date(),
  ): Promise<BatchResult> {
    const { results, candidates, rejections } = this.classify(connector, source, items, receivedAt);
    // This request's trace context rides on its own messages, whichever group carries them.
    const trace: Record<string, string> = {};
    propagation.inject(context.active(), trace);
    try {
      await this.groups.submit(
        {
          connectorId: connector.id,
          candidates,
          rejections,
          results,
          receivedAt,
          trace,
          submittedAt: performance.now(),
        },
        Math.max(1, candidates.length),
      );
    } catch (error) {
      throw answerFor(error);
    }
    return this.summarise(connector.id, source, results);
  }

  /**
   * One transaction for a group of concurrent HTTP batches. Most groups hold no duplicate: a
   * plain INSERT is about twice as cheap for Postgres as ON CONFLICT DO NOTHING. When one is
   * there after all, the transaction rolls back (nothing was published) and the group is
   * claimed again, skipping the keys that exist.
   */
  private async commitGroup(group: PendingBatch[]): Promise<void> {
    const timing = new GroupTiming(group);
    const attempt = (mode: ClaimMode) =>
      this.dataSource.transaction(async (tx) => {
        timing.mark('begin');
        const fresh = await this.claim(tx, group, mode);
        for (const batch of group)
          await this.rejections.record(tx, batch.rejections, batch.receivedAt);
        timing.mark('claim');
        const messages: OutgoingMessage[] = [];
        for (const batch of group) {
          for (const candidate of batch.candidates) {
            // fresh holds each new key once: the first batch that sent it gets it.
            const first = fresh.delete(dedupeKey(batch.connectorId, candidate.event.eventId));
            batch.results[candidate.index].status = first ? 'accepted' : 'duplicate';
            if (first) messages.push(this.message(candidate, batch.trace));
          }
        }
        await this.publish(messages);
        timing.mark('publish');
      });
    await attempt('insert').catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return attempt('skip-existing');
    });
    timing.mark('commit');
    timing.observe();
  }

  /** The Kafka-native path: inside the consumer's inbox transaction, publishing through the outbox. */
  async ingestInTransaction(
    tx: EntityManager,
    connector: Connector,
    items: IngestItem[],
    receivedAt = new Date(),
  ): Promise<BatchResult> {
    const { results, candidates, rejections } = this.classify(
      connector,
      'kafka',
      items,
      receivedAt,
    );
    const batch = { connectorId: connector.id, candidates };
    const fresh = await this.claim(tx, [batch], 'skip-existing');
    await this.rejections.record(tx, rejections, receivedAt);
    const messages = [];
    for (const candidate of candidates) {
      if (fresh.has(dedupeKey(connector.id, candidate.event.eventId)))
        messages.push({
          ...this.message(candidate),
          topic: this.config.topics.events,
          key: partitionKeyOf(candidate.event),
        });
      else results[candidate.index].status = 'duplicate';
    }
    await this.outbox.enqueueMany(tx, messages);
    return this.summarise(connector.id, 'kafka', results);
  }

  private classify(
    connector: Connector,
    source: IngestSource,
    items: IngestItem[],
    receivedAt: Date,
  ): Classified {
    const results: EventResult[] = [];
    const candidates: Candidate[] = [];
    const rejections: Rejection[] = [];
    const firstIndex = new Map<string, number>();
    const sender = { connectorId: connector.id, channels: connector.channels };
    items.forEach((item, index) => {
      const normalised = item.errors?.length
        ? { ok: false as const, errors: item.errors, ...identityOf(item.event) }
        : normaliseEvent(item.event, sender, receivedAt, this.settings);
      const outcome = normalised.ok ? encoded(normalised.event) : normalised;
      if (!outcome.ok) {
        results.push({
          index,
          eventId: outcome.eventId ?? null,
          status: 'rejected',
          errors: outcome.errors,
        });
        rejections.push({
          connectorId: connector.id,
          source,
          eventId: outcome.eventId,
          type: outcome.type,
          errors: outcome.errors,
          input: withinEventDepth(item.received),
        });
        return;
      }
      const eventId = outcome.event.eventId;
      results.push({ index, eventId, status: 'accepted' });
      // A second copy within one batch is a duplicate of the first, whatever the database says.
      if (firstIndex.has(eventId)) results[index].status = 'duplicate';
      else {
        firstIndex.set(eventId, index);
        candidates.push({ index, event: outcome.event, json: outcome.json });
      }
    });
    return { results, candidates, rejections };
  }

  /** Claims every (connector, eventId) of the batches; the keys returned are new. */
  private claim(
    tx: EntityManager,
    batches: Pick<PendingBatch, 'connectorId' | 'candidates'>[],
    mode: ClaimMode,
  ): Promise<Set<string>> {
    const keys = new Map<string, [string, string]>();
    for (const { connectorId, candidates } of batches)
      for (const { event } of candidates)
        keys.set(dedupeKey(connectorId, event.eventId), [connectorId, event.eventId]);
    return this.dedupeKeys.claim(tx, [...keys.values()], mode);
  }

  private message({ event, json }: Candidate, trace?: Record<string, string>): OutgoingMessage {
    return {
      key: partitionKeyOf(event),
      value: json,
      headers: {
        ...trace,
        [HEADERS.eventType]: event.type,
        [HEADERS.eventVersion]: String(event.version),
      },
    };
  }

  private async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`Kafka did not acknowledge within ${this.config.publish.timeoutMs} ms`)),
        this.config.publish.timeoutMs,
      );
    });
    const sending = this.producer.send(this.config.topics.events, messages);
    // After a timeout the send may still fail later; that outcome is already answered.
    sending.catch(() => undefined);
    try {
      await Promise.race([sending, timeout]);
    } catch (error) {
      throw new KafkaPublishError(describe(error), { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  private summarise(
    connectorId: string,
    source: IngestSource,
    results: EventResult[],
  ): BatchResult {
    const counts: Record<EventOutcome, number> = { accepted: 0, duplicate: 0, rejected: 0 };
    for (const result of results) counts[result.status] += 1;
    countEvents(connectorId, source, 'accepted', counts.accepted);
    countEvents(connectorId, source, 'duplicate', counts.duplicate);
    countEvents(connectorId, source, 'rejected', counts.rejected);
    return {
      accepted: counts.accepted,
      duplicates: counts.duplicate,
      rejected: counts.rejected,
      results,
    };
  }
}

function identityOf(event: unknown): { eventId?: string; type?: string } {
  if (typeof event !== 'object' || event === null) return {};
  const { eventId, type } = event as { eventId?: unknown; type?: unknown };
  return {
    eventId: typeof eventId === 'string' ? eventId : undefined,
    type: typeof type === 'string' ? type : undefined,
  };
}

class KafkaPublishError extends Error {}

/** The event and its JSON, or why it cannot be published (too large once encoded). */
function encoded(
  event: EventEnvelope,
):
  | { ok: true; event: EventEnvelope; json: string }
  | { ok: false; errors: ValidationError[]; eventId: string; type: string } {
  const result = encodeEvent(event);
  return result.ok
    ? { ok: true, event, json: result.json }
    : { ok: false, errors: result.errors, eventId: event.eventId, type: event.type };
}

/**
 * The answer to a request whose group could not commit. 503 only when the platform could not
 * do its part; a request whose own events were refused (committed alone, so the others went
 * on) gets 422 and must not be retried unchanged; a bug of ours stays a 500.
 */
function answerFor(error: unknown): unknown {
  switch (classifyCommitFailure(error)) {
    case 'unavailable': {
      const [code, what] =
        error instanceof KafkaPublishError
          ? (['kafka_unavailable', 'published'] as const)
          : (['database_unavailable', 'stored'] as const);
      return new IngestHttpError(
        503,
        code,
        `events could not be ${what}; nothing was accepted, retry the same events later (${describe(error)})`,
        { 'Retry-After': '1' },
      );
    }
    case 'client-fault':
      return new IngestHttpError(
        422,
        'unprocessable_events',
        `the events of this request were refused as sent (${describe(error)}); nothing was accepted, and resending them unchanged fails again`,
      );
    case 'internal':
      return error;
  }
}

// SQLSTATE 23505: a dedupe key that already exists (or was just committed by another replica).
const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
