import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask, SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
import { DedupeKeysRepository } from './dedupe-keys.repository';

/**
 * Deletes dedupe keys older than INGEST_DEDUPE_RETENTION_DAYS, a bounded batch at a time so
 * a long backlog never holds locks for long. Every replica may run it; deletes are idempotent.
 */
@Injectable()
export class DedupePurger extends PeriodicTask {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
    private readonly keys: DedupeKeysRepository,
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
  purge(): Promise<number> {
    return this.keys.purgeExpired(this.config.dedupe.retentionDays);
  }
}
