import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { RateLimitedLogger } from '@omni/observability';
import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import { backoffDelayMs } from '../backoff';
import { quoteIdent } from '../sql';

/**
 * A NOTIFY channel named after `name` (e.g. a schema-qualified table): channel names are
 * identifiers of at most 63 bytes, which a qualified name may exceed, so it is hashed.
 */
export function notificationChannel(prefix: string, name: string): string {
  return `${prefix}_${createHash('sha256').update(name).digest('hex').slice(0, 24)}`;
}

const reconnectBackoff = { initialBackoffMs: 200, maxBackoffMs: 10_000 };

export type NotificationListenerOptions = {
  channel: string;
  /** The connection's `application_name`, so it can be told apart in `pg_stat_activity`. */
  applicationName: string;
  /** What the caller does while the connection is away, for the log line. */
  meanwhile: string;
  /** Called with each notification's payload, in commit order. */
  onNotification: (payload: string) => void;
  /**
   * Called after every (re)connect once LISTEN is in place: commits made while it was away
   * went unheard, so whatever they would have told must be assumed.
   */
  onListening: () => void;
};

/**
 * LISTENs on a channel over a connection of its own (outside the DataSource's pool, which the
 * work itself needs): NOTIFY is delivered only when the notifying transaction commits. A lost
 * connection is re-established with backoff; `isListening` says whether it is in place.
 */
export class NotificationListener {
  private readonly logger = new Logger(NotificationListener.name);
  // A database outage fails every reconnect the same way: a line a minute is enough.
  private readonly repeats = new RateLimitedLogger(this.logger);
  private client?: Client;
  private stopped = true;
  private failures = 0;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: NotificationListenerOptions,
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
    const config = poolConfig(this.dataSource, this.options.applicationName);
    if (config === undefined || this.stopped) return;
    const client = new Client(config);
    client.on('notification', ({ payload }) => this.options.onNotification(payload ?? ''));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(this.options.channel)}`);
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
    this.options.onListening();
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
      `LISTEN ${this.options.channel} connection lost (attempt ${this.failures}), ${this.options.meanwhile} until it is back: ${reason}`,
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
function poolConfig(dataSource: DataSource, applicationName: string): ClientConfig | undefined {
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
    application_name: applicationName,
  };
}
