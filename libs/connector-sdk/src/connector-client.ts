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
  /** Flush whatever is queued at least this often. Default 1,000 ms. */
  flushIntervalMs?: number;
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
 * A typed client for POST /v1/events. Queues events, flushes by size and time, retries 429
 * and 5xx with exponential backoff and jitter (honouring Retry-After), fixes each event's id
 * before the first attempt so a retry is answered "duplicate", and flushes on close.
 */
export class ConnectorClient {
  private readonly options: Required<Omit<ConnectorClientOptions, 'onResult' | 'onError'>> &
    Pick<ConnectorClientOptions, 'onResult' | 'onError'>;
  private queue: IdentifiedEvent[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(options: ConnectorClientOptions) {
    this.options = {
      maxBatchEvents: 100,
      maxBatchBytes: 900_000,
      flushIntervalMs: 1_000,
      maxAttempts: 10,
      initialBackoffMs: 200,
      maxBackoffMs: 30_000,
      fetch: globalThis.fetch,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Queues one event and returns its id; a full batch is sent at once. */
  send(event: ConnectorEvent): string {
    if (this.closed) throw new ConnectorClientError('the client is closed');
    const identified: IdentifiedEvent = {
      ...event,
      eventId: event.eventId ?? stableEventId(event),
    };
    this.queue.push(identified);
    if (this.queue.length >= this.options.maxBatchEvents) void this.flush();
    return identified.eventId;
  }

  /** Sends everything queued now and waits for every batch in flight. */
  async flush(): Promise<void> {
    while (this.queue.length > 0) this.track(this.deliver(this.takeBatch()));
    await Promise.all([...this.inFlight]);
  }

  /** Graceful shutdown: no new events, everything queued is delivered (or reported) first. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
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
