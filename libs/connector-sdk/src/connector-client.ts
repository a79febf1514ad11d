import { stableEventId, type ConnectorEvent, type IdentifiedEvent } from './connector-event';

export type EventStatus = 'accepted' | 'duplicate' | 'rejected';

export type EventResult = {
  index: number;
  eventId: string | null;
  status: EventStatus;
  errors?: { path: string; message: string }[];
};

export type BatchResult = {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
};

export type ConnectorClientOptions = {
  /** Where ingest answers, e.g. http://127.0.0.1:3001 */
  baseUrl: string;
  /** The connector key, `omni.<connectorId>.<secret>`. */
  key: string;
  /** Events per request; ingest accepts up to 1,000. Default 100. */
  maxBatchEvents?: number;
  /** Bytes per request; ingest accepts up to 1 MiB. Default 900,000. */
  maxBatchBytes?: number;
  /**
   * Requests outstanding at once. While they are all out, events queue up and go as the next
   * batch when one answers, so a busy client sends full batches and an idle one sends at once.
   * Default 4.
   */
  maxInFlightRequests?: number;
  /**
   * How long a partial batch waits for more events when a request could go now. Default 0: it
   * goes on the next turn of the event loop, so events sent together still share a request but
   * nothing waits for a batch to fill or a timer to fire.
   */
  lingerMs?: number;
  /** Attempts per batch on 429, 5xx and network errors before giving up. Default 10. */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Every batch answer, e.g. to log rejected events with their reasons. */
  onResult?: (result: BatchResult, events: IdentifiedEvent[]) => void;
  /** A batch that could not be delivered (non-retryable answer or attempts exhausted). */
  onError?: (error: ConnectorClientError, events: IdentifiedEvent[]) => void;
  fetch?: typeof fetch;
};

export class ConnectorClientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ConnectorClientError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: a random delay up to the exponential bound, so retrying clients spread out. */
export function backoffMs(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random = Math.random,
): number {
  return Math.round(random() * Math.min(maxMs, initialMs * 2 ** (attempt - 1)));
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A typed client for POST /v1/events. Queues events and sends them in batches, at most
 * `maxInFlightRequests` requests at a time: a batch goes as soon as a request slot is free
 * (after `lingerMs`), so batches grow with load and latency stays low without it. Retries 429
 * and 5xx with exponential backoff and jitter (honouring Retry-After), fixes each event's id
 * before the first attempt so a retry is answered "duplicate", and flushes on close.
 */
export class ConnectorClient {
  private readonly options: Required<Omit<ConnectorClientOptions, 'onResult' | 'onError'>> &
    Pick<ConnectorClientOptions, 'onResult' | 'onError'>;
  private queue: IdentifiedEvent[] = [];
  private lingering?: { cancel(): void };
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightEvents = 0;
  private closed = false;

  constructor(options: ConnectorClientOptions) {
    this.options = {
      maxBatchEvents: 100,
      maxBatchBytes: 900_000,
      maxInFlightRequests: 4,
      lingerMs: 0,
      maxAttempts: 10,
      initialBackoffMs: 200,
      maxBackoffMs: 30_000,
      fetch: globalThis.fetch,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    for (const name of ['maxBatchEvents', 'maxBatchBytes', 'maxInFlightRequests'] as const) {
      const value = this.options[name];
      if (!Number.isInteger(value) || value < 1)
        throw new ConnectorClientError(`${name} must be a positive integer, not ${value}`);
    }
    if (!(this.options.lingerMs >= 0))
      throw new ConnectorClientError(`lingerMs must be 0 or more, not ${this.options.lingerMs}`);
  }

  /** Events queued or in a request not yet answered: what a producer may hold back on. */
  get pending(): number {
    return this.queue.length + this.inFlightEvents;
  }

  /** Queues one event and returns its id; it goes in the next batch a free request slot takes. */
  send(event: ConnectorEvent): string {
    if (this.closed) throw new ConnectorClientError('the client is closed');
    const identified: IdentifiedEvent = {
      ...event,
      eventId: event.eventId ?? stableEventId(event),
    };
    this.queue.push(identified);
    if (this.queue.length >= this.options.maxBatchEvents) this.pump();
    else this.lingering ??= this.linger();
    return identified.eventId;
  }

  /** Sends everything queued now and waits for every batch in flight. */
  async flush(): Promise<void> {
    this.lingering?.cancel();
    this.lingering = undefined;
    while (this.queue.length > 0) {
      this.pump();
      if (this.queue.length > 0) await Promise.race(this.inFlight);
    }
    await Promise.all([...this.inFlight]);
  }

  /** Graceful shutdown: no new events, everything queued is delivered (or reported) first. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private linger(): { cancel(): void } {
    const fire = () => {
      this.lingering = undefined;
      this.pump();
    };
    if (this.options.lingerMs === 0) {
      const immediate = setImmediate(fire);
      return { cancel: () => clearImmediate(immediate) };
    }
    const timer = setTimeout(fire, this.options.lingerMs);
    return { cancel: () => clearTimeout(timer) };
  }

  /** Starts batches while request slots are free. */
  private pump(): void {
    while (this.queue.length > 0 && this.inFlight.size < this.options.maxInFlightRequests) {
      const batch = this.takeBatch();
      this.inFlightEvents += batch.length;
      const delivery: Promise<void> = this.deliver(batch).finally(() => {
        this.inFlight.delete(delivery);
        this.inFlightEvents -= batch.length;
        // What queued while every slot was taken has waited long enough: it goes now.
        if (this.queue.length > 0) this.pump();
      });
      this.inFlight.add(delivery);
    }
  }

  private takeBatch(): IdentifiedEvent[] {
    const batch: IdentifiedEvent[] = [];
    let bytes = 20;
    for (
      let next = this.queue[0];
      next !== undefined && batch.length < this.options.maxBatchEvents;
      next = this.queue[0]
    ) {
      const size = Buffer.byteLength(JSON.stringify(next)) + 1;
      if (batch.length > 0 && bytes + size > this.options.maxBatchBytes) break;
      this.queue.shift();
      batch.push(next);
      bytes += size;
    }
    return batch;
  }

  private async deliver(events: IdentifiedEvent[]): Promise<void> {
    let lastError = new ConnectorClientError('not sent');
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      let wait: number | undefined;
      // sentAt is stamped per attempt: ingest corrects clock skew with receivedAt − sentAt.
      const sentAt = new Date().toISOString();
      const body = JSON.stringify({ events: events.map((event) => ({ ...event, sentAt })) });
      try {
        const response = await this.options.fetch(`${this.options.baseUrl}/v1/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.options.key}`,
          },
          body,
        });
        if (response.ok) {
          this.options.onResult?.((await response.json()) as BatchResult, events);
          return;
        }
        const answer = (await response.json().catch(() => ({}))) as {
          code?: string;
          message?: string;
        };
        lastError = new ConnectorClientError(
          `ingest answered ${response.status}: ${answer.message ?? response.statusText}`,
          response.status,
          answer.code,
        );
        if (response.status !== 429 && response.status < 500) break;
        wait = retryAfterMs(response.headers.get('retry-after'));
      } catch (error) {
        lastError = new ConnectorClientError(
          `could not reach ingest: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (attempt < this.options.maxAttempts) {
        await sleep(
          Math.max(
            wait ?? 0,
            backoffMs(attempt, this.options.initialBackoffMs, this.options.maxBackoffMs),
          ),
        );
      }
    }
    this.options.onError?.(lastError, events);
  }
}
