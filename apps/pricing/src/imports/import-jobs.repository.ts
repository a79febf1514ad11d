import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ImportJob } from './import-job.entity';

const interval = `make_interval(secs => $3::float8 / 1000)`;

/**
 * Import jobs and their leases: only the process holding a job's lease writes its progress or
 * its outcome; a job whose lease expired is claimed by another process (see ImportsService).
 */
@Injectable()
export class ImportJobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a new job with its input, leased to its leaseOwner for `leaseMs`. */
  async insert(job: ImportJob, leaseMs: number): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(ImportJob).insert(job);
      await tx.query(
        `UPDATE import_jobs SET lease_expires_at = now() + make_interval(secs => $2::float8 / 1000) WHERE id = $1`,
        [job.id, leaseMs],
      );
    });
  }

  find(id: string): Promise<ImportJob | null> {
    return this.dataSource.getRepository(ImportJob).findOneBy({ id });
  }

  /** Progress, renewing the lease; false when `owner` no longer holds it (stop then). */
  async progress(
    id: string,
    owner: string,
    leaseMs: number,
    progress: { processedRows: number; errorCount: number },
  ): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE import_jobs SET processed_rows = $4, error_count = $5, lease_expires_at = now() + ${interval}
       WHERE id = $1 AND lease_owner = $2 AND status = 'running'`,
      [id, owner, leaseMs, progress.processedRows, progress.errorCount],
    );
    return count === 1;
  }

  /**
   * Inside the committing transaction: locks the job row and says whether `owner` still holds
   * it. While the lock is held no one can claim the job, however long the commit takes.
   */
  async holds(tx: EntityManager, id: string, owner: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM import_jobs WHERE id = $1 AND lease_owner = $2 AND status = 'running' FOR UPDATE`,
      [id, owner],
    );
    return rows.length === 1;
  }

  /** Records the outcome, if `owner` (or, with `tx`, the transaction that checked it) holds the job. */
  async finish(
    id: string,
    owner: string,
    changes: Pick<ImportJob, 'status'> &
      Partial<Pick<ImportJob, 'errorCount' | 'errors' | 'failure'>>,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const [, count]: [unknown, number] = await tx.query(
      `UPDATE import_jobs SET status = $3, error_count = coalesce($4, error_count), errors = coalesce($5::jsonb, errors),
         failure = coalesce($6::jsonb, failure), finished_at = now(), lease_expires_at = NULL
       WHERE id = $1 AND lease_owner = $2 AND status = 'running'`,
      [
        id,
        owner,
        changes.status,
        changes.errorCount ?? null,
        changes.errors === undefined ? null : JSON.stringify(changes.errors),
        changes.failure === undefined ? null : JSON.stringify(changes.failure),
      ],
    );
    return count === 1;
  }

  /**
   * Claims one running job whose lease has expired, for `owner`, with its input; jobs locked
   * by a committing process are skipped.
   */
  async claimExpired(
    owner: string,
    leaseMs: number,
  ): Promise<(ImportJob & { input: string | null }) | undefined> {
    const [rows]: [{ id: string; input: string | null }[], number] = await this.dataSource.query(
      `UPDATE import_jobs SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::float8 / 1000),
         attempts = attempts + 1, processed_rows = 0
       WHERE id = (SELECT id FROM import_jobs WHERE status = 'running' AND lease_expires_at < now()
                   ORDER BY lease_expires_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, input`,
      [owner, leaseMs],
    );
    const [claimed] = rows;
    if (claimed === undefined) return undefined;
    const job = await this.find(claimed.id);
    return job === null ? undefined : Object.assign(job, { input: claimed.input });
  }
}
