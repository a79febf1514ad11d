import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG, type Change } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import { PriceList } from '../price-lists/price-list.entity';
import { Price } from '../price-lists/price.entity';
import { PriceListsService, priceView } from '../price-lists/price-lists.service';
import { PriceCatalog } from '../selection/price-catalog.service';
import { ImportJob } from './import-job.entity';
import { ImportJobsRepository } from './import-jobs.repository';
import { csvRows, pricesToCsv, validateRows, type ParsedRows, type RowError } from './price-rows';

// Times a job is taken over after its process stopped before it is given up.
const MAX_ATTEMPTS = 3;

// Errors a job keeps to show; the count says how many there were in all.
const KEPT_ERRORS = 1_000;

export type ImportJobView = {
  id: string;
  priceListId: string;
  format: 'csv' | 'json';
  status: string;
  publish: boolean;
  totalRows: number;
  processedRows: number;
  errorCount: number;
  errors: RowError[];
  failure: { code: string; message: string; details?: object } | null;
  createdAt: string;
  finishedAt: string | null;
};

const view = (job: ImportJob): ImportJobView => ({
  id: job.id,
  priceListId: job.priceListId,
  format: job.format,
  status: job.status,
  publish: job.publish,
  totalRows: job.totalRows,
  processedRows: job.processedRows,
  errorCount: job.errorCount,
  errors: job.errors,
  failure: job.failure,
  createdAt: job.createdAt.toISOString(),
  finishedAt: job.finishedAt?.toISOString() ?? null,
});

/**
 * Imports of a draft list's prices from CSV or JSON: accepted at once as a job, validated row
 * by row with progress, then all rows are inserted (and, if asked, the list published) in one
 * transaction, or none when any row or the publication fails.
 */
@Injectable()
export class ImportsService implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportsService.name);
  private readonly running = new Set<Promise<void>>();
  /** This process, as the holder of import leases. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly lists: PriceListsService,
    private readonly catalog: PriceCatalog,
    private readonly jobs: ImportJobsRepository,
  ) {}

  /** How many imports this process is running now. */
  get active(): number {
    return this.running.size;
  }

  /** Claims and runs every import whose lease has expired, one after another. */
  async takeOver(): Promise<void> {
    for (;;) {
      const job = await this.jobs.claimExpired(this.leaseToken(), this.config.imports.leaseMs);
      if (job === undefined) return;
      this.logger.warn(`taking over import ${job.id} (attempt ${job.attempts}): its lease expired`);
      if (job.input === null || job.attempts > MAX_ATTEMPTS) {
        await this.finish(job, {
          status: 'failed',
          failure: {
            code: 'import_abandoned',
            message:
              job.input === null
                ? 'the process running the import stopped and its input was not kept'
                : `the processes running the import stopped ${job.attempts - 1} times`,
          },
        });
        continue;
      }
      const { rows, headerErrors } =
        job.format === 'csv'
          ? csvRows(job.input)
          : {
              rows: (JSON.parse(job.input) as unknown[]).map((record, i) => ({
                row: i + 1,
                record,
              })),
              headerErrors: [],
            };
      await this.run(job, rows, headerErrors, { actor: job.actor, reason: job.reason });
    }
  }

  async startCsv(listId: string, csv: string, publish: boolean, change: Change) {
    const { rows, headerErrors } = csvRows(csv);
    return this.start(listId, 'csv', rows, headerErrors, publish, change, csv);
  }

  async startJson(listId: string, records: readonly unknown[], publish: boolean, change: Change) {
    const rows = records.map((record, i) => ({ row: i + 1, record }));
    return this.start(listId, 'json', rows, [], publish, change, JSON.stringify(records));
  }

  async get(id: string): Promise<ImportJobView> {
    const job = await this.jobs.find(id);
    if (job === null) throw new ApiError(404, 'import_not_found', `no import ${id}`);
    // Read-your-writes: whoever sees a publishing import completed on this replica selects its
    // prices here (the catalog catches up first; a refresh that finds nothing new is one read).
    if (job.status === 'completed' && job.publish)
      await this.catalog
        .refresh()
        .catch((error: unknown) =>
          this.logger.warn(
            `price catalog refresh for import ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    return view(job);
  }

  async export(listId: string, format: 'csv' | 'json'): Promise<string | object> {
    const list = await this.dataSource.getRepository(PriceList).findOneBy({ id: listId });
    if (list === null) throw new ApiError(404, 'price_list_not_found', `no price list ${listId}`);
    const prices = (
      await this.dataSource
        .getRepository(Price)
        .find({ where: { priceListId: listId }, order: { sku: 'ASC', id: 'ASC' } })
    ).map(priceView);
    if (format === 'csv') return pricesToCsv(prices);
    return {
      id: list.id,
      name: list.name,
      status: list.status,
      validFrom: list.validFrom?.toISOString() ?? null,
      validTo: list.validTo?.toISOString() ?? null,
      prices: prices.map(({ id: _id, ...price }) => price),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async start(
    listId: string,
    format: 'csv' | 'json',
    rows: { row: number; record: unknown }[],
    headerErrors: RowError[],
    publish: boolean,
    change: Change,
    input: string,
  ): Promise<ImportJobView> {
    if (rows.length > this.config.imports.maxRows)
      throw new ApiError(
        413,
        'too_many_rows',
        `an import holds at most ${this.config.imports.maxRows} rows, got ${rows.length}`,
      );
    const list = await this.dataSource.getRepository(PriceList).findOneBy({ id: listId });
    if (list === null) throw new ApiError(404, 'price_list_not_found', `no price list ${listId}`);
    if (list.status !== 'draft')
      throw new ApiError(
        409,
        'price_list_not_draft',
        `cannot import into price list ${listId}: it is ${list.status}`,
      );
    const job = this.dataSource.getRepository(ImportJob).create({
      id: `imp_${randomUUID()}`,
      priceListId: listId,
      format,
      status: 'running',
      publish,
      totalRows: rows.length,
      processedRows: 0,
      errorCount: 0,
      errors: [],
      failure: null,
      actor: change.actor,
      reason: change.reason,
      createdAt: new Date(),
      finishedAt: null,
      input,
      leaseOwner: this.leaseToken(),
      leaseExpiresAt: null,
      attempts: 1,
    });
    await this.jobs.insert(job, this.config.imports.leaseMs);
    void this.run(job, rows, headerErrors, change);
    return view(job);
  }

  /** Runs a job this process holds the lease of, in the background of whoever awaits it. */
  private run(
    job: ImportJob,
    rows: readonly { row: number; record: unknown }[],
    headerErrors: RowError[],
    change: Change,
  ): Promise<void> {
    const work = this.process(job, rows, headerErrors, change)
      .catch(async (error: unknown) => {
        this.logger.error(
          `import ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        await this.finish(job, {
          status: 'failed',
          failure: { code: 'internal_error', message: 'the import failed' },
        });
      })
      .finally(() => this.running.delete(work));
    this.running.add(work);
    return work;
  }

  private leaseLost(job: ImportJob): void {
    this.logger.warn(`import ${job.id}: its lease passed to another process; this one stops`);
  }

  private async process(
    job: ImportJob,
    rows: readonly { row: number; record: unknown }[],
    headerErrors: RowError[],
    change: Change,
  ): Promise<void> {
    const parsed: ParsedRows = { prices: [], errors: [...headerErrors], total: rows.length };
    const step = this.config.imports.progressEveryRows;
    for (let at = 0; at < rows.length; at += step) {
      // Yield between chunks, so a large import does not hold up the requests beside it.
      await new Promise((resolve) => setImmediate(resolve));
      validateRows(rows.slice(at, at + step), parsed);
      const held = await this.jobs.progress(
        job.id,
        this.leaseOf(job),
        this.config.imports.leaseMs,
        {
          processedRows: Math.min(at + step, rows.length),
          errorCount: parsed.errors.length,
        },
      );
      if (!held) return this.leaseLost(job);
    }
    if (parsed.errors.length > 0) {
      await this.finish(job, {
        status: 'failed',
        errorCount: parsed.errors.length,
        errors: parsed.errors.slice(0, KEPT_ERRORS),
        failure: {
          code: 'invalid_rows',
          message: `${parsed.errors.length} problems in the rows; nothing was imported`,
        },
      });
      return;
    }
    const now = new Date();
    let held = true;
    try {
      await this.dataSource.transaction(async (tx) => {
        // Fencing: only the lease holder commits, and no one can claim the job meanwhile.
        held = await this.jobs.holds(tx, job.id, this.leaseOf(job));
        if (!held) return;
        // A publishing import takes publication's lock before the list's row, as publication
        // and archive do: the other order deadlocks with them.
        if (job.publish) await this.lists.lockForPublication(tx);
        const list = await tx.getRepository(PriceList).findOne({
          where: { id: job.priceListId },
          lock: { mode: 'pessimistic_write' },
        });
        if (list === null || list.status !== 'draft')
          throw new ApiError(
            409,
            'price_list_not_draft',
            `price list ${job.priceListId} is no longer a draft`,
          );
        await this.lists.insertPrices(tx, job.priceListId, parsed.prices, change, now);
        if (job.publish) await this.lists.publishIn(tx, job.priceListId, change, now);
        // Completed with what it did: once committed, no one can take the job over.
        await this.jobs.finish(job.id, this.leaseOf(job), { status: 'completed' }, tx);
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await this.finish(job, { status: 'failed', failure: error.body });
      return;
    }
    if (!held) return this.leaseLost(job);
  }

  /** A lease of this process: one per run, so even two runs in one process exclude each other. */
  private leaseToken(): string {
    return `${this.owner}:${randomUUID()}`;
  }

  private leaseOf(job: ImportJob): string {
    if (job.leaseOwner === null) throw new Error(`import ${job.id} has no lease`);
    return job.leaseOwner;
  }

  private async finish(
    job: ImportJob,
    changes: Pick<ImportJob, 'status'> &
      Partial<Pick<ImportJob, 'errorCount' | 'errors' | 'failure'>>,
  ): Promise<void> {
    await this.jobs.finish(job.id, this.leaseOf(job), changes);
  }
}
