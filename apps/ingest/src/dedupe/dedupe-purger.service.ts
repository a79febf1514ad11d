import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicTask, SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';

const BATCH = 10_000;

/**
 * Deletes dedupe keys older than INGEST_DEDUPE_RETENTION_DAYS, a bounded batch at a time so
 * a long backlog never holds locks for long. Every replica may run it; deletes are idempotent.
 */
@Injectable()
export class DedupePurger extends PeriodicTask {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {
    super(DedupePurger.name);
  }

  protected everyMs(): number {
    return this.config.dedupe.purgeIntervalMs;
  }

  protected async runOnce(): Promise<string | undefined> {
    const purged = await this.purge();
    return purged > 0 ? `purged ${purged} expired dedupe keys` : undefined;
  }

  /** Removes expired keys; returns how many. */
  async purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM dedupe_keys WHERE ctid IN (
           SELECT ctid FROM dedupe_keys WHERE received_at < now() - make_interval(days => $1) LIMIT ${BATCH})`,
        [this.config.dedupe.retentionDays],
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
