import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { RateLimitedLogger } from '@omni/observability';
import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import { backoffDelayMs } from '../backoff';
import { quoteIdent } from '../sql';

/**
 * The channel an outbox table's inserts are announced on: NOTIFY is delivered only when the
 * inserting transaction commits, which is exactly when the rows become claimable.
 */
export function outboxChannel(outboxTable: string): string {
  // Channel names are identifiers (at most 63 bytes); a schema-qualified name may be longer.
  return `omni_outbox_${createHash('sha256').update(outboxTable).digest('hex').slice(0, 24)}`;
}

const reconnectBackoff = { initialBackoffMs: 200, maxBackoffMs: 10_000 };

/**
 * LISTENs on an outbox's channel over a connection of its own (outside the DataSource's
 * pool, which the work itself needs) and calls `onNotify` for each commit that enqueued
 * rows. A lost connection is re-established with backoff; `onNotify` is called once after
 * every (re)connect, since commits made while it was away went unheard. The relay keeps
 * polling regardless, so a missed notification only costs a poll interval.
 */
export class OutboxListener {
  private readonly logger = new Logger(OutboxListener.name);
  // A database outage fails every reconnect the same way: a line a minute is enough.
  private readonly repeats = new RateLimitedLogger(this.logger);
  private client?: Client;
  private stopped = true;
  private failures = 0;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  /** Starts listening in the background; without a Postgres pool to copy settings from, does nothing. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** True while LISTEN is in place. */
  isListening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    const config = poolConfig(this.dataSource);
    if (config === undefined || this.stopped) return;
    const client = new Client(config);
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(this.channel)}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.onNotify();
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== undefined && this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.stopped || this.retry !== undefined) return;
    this.failures += 1;
    const reason = error instanceof Error ? error.message : String(error);
    this.repeats.warn(
      reason,
      `outbox LISTEN connection lost (attempt ${this.failures}), polling until it is back: ${reason}`,
    );
    this.retry = setTimeout(
      () => {
        this.retry = undefined;
        void this.connect();
      },
      backoffDelayMs(this.failures, reconnectBackoff),
    );
    this.retry.unref();
  }
}

/** The connection settings TypeORM gave its pg pool, so the listener connects the same way. */
function poolConfig(dataSource: DataSource): ClientConfig | undefined {
  const pool = (dataSource.driver as { master?: { options?: ClientConfig } }).master;
  if (pool?.options === undefined) return undefined;
  const { connectionString, host, port, user, password, database, ssl, options } = pool.options;
  return {
    connectionString,
    host,
    port,
    user,
    password,
    database,
    ssl,
    options,
    application_name: 'omni-outbox-listener',
  };
}
