import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { INGEST_CONFIG, type IngestConfig } from '../config/ingest-config';

const BATCH = 10_000;

/**
 * Deletes dedupe keys older than INGEST_DEDUPE_RETENTION_DAYS, a bounded batch at a time so
 * a long backlog never holds locks for long. Every replica may run it; deletes are idempotent.
 */
@Injectable()
export class DedupePurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DedupePurger.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.purge()
        .catch((error: unknown) => {
          this.logger.warn(
            `dedupe purge failed, will retry: ${error instanceof Error ? error.message : String(error)}`,
          );
          return 0;
        })
        .finally(() => (this.running = undefined));
    }, this.config.INGEST_DEDUPE_PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Removes expired keys; returns how many. */
  async purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM dedupe_keys WHERE ctid IN (
           SELECT ctid FROM dedupe_keys WHERE received_at < now() - make_interval(days => $1) LIMIT ${BATCH})`,
        [this.config.INGEST_DEDUPE_RETENTION_DAYS],
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
