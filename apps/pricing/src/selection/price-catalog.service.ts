import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { httpThreads, SERVICE_CONFIG } from '@omni/platform';
import type { PricingConfig } from '../config/pricing-config';
import type { FairnessExemption } from '../fairness/fairness-guard';
import { scopeKey } from '../history/history.repository';
import { CatalogBlocks } from './catalog-blocks';
import {
  CatalogRepository,
  pointScope,
  type CatalogPoint,
  type CatalogSkus,
} from './catalog.repository';
import { ScopeIds } from './compact-prices';
import type { SelectionReads } from './selection.repository';

const LOAD_CHUNK = 2_000;

/** What a write on one HTTP thread asks the others' catalogs to do before it answers (ADR 0040). */
export const CATALOG_REFRESH_TOPIC = 'pricing.catalog.refresh';

/** The latest point at or before `atMicros` (points are oldest first), or undefined. */
function pointAt(points: readonly CatalogPoint[], atMicros: number): CatalogPoint | undefined {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (points[middle].effectiveFromMicros <= atMicros) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : points[low - 1];
}

/**
 * Every published and rule price, floor and ceiling, exemption policy and the history of the
 * scopes with a reduction, in this process's memory (ADR 0016), so select reads no database.
 * Loaded before the app listens (so it is ready only once loaded), then kept current every
 * PRICING_CATALOG_POLL_MS from the change log the database's triggers write in every writing
 * transaction — whichever replica or tool wrote it. A change is selected by every replica at
 * most one poll interval plus one refresh after it commits; when no refresh has succeeded for
 * PRICING_CATALOG_MAX_STALENESS_MS, select reads the database instead (see `fresh`).
 */
@Injectable()
export class PriceCatalog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PriceCatalog.name);
  private readonly ids = new ScopeIds();
  private entries = new CatalogBlocks(this.ids);
  private exemptionPolicies: FairnessExemption[] = [];
  private watermark: string | undefined;
  /** When the snapshot of the last successful refresh was taken, at the latest (epoch ms). */
  private freshAsOf = 0;
  private lastPruneAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private following: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly reads: CatalogRepository,
  ) {}

  get enabled(): boolean {
    return this.config.catalog.enabled;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const started = performance.now();
    const loading = this.loadAll();
    // Another HTTP thread's write: answered once this catalog has caught up with it.
    httpThreads()?.answer(CATALOG_REFRESH_TOPIC, () => loading.then(() => this.refresh()));
    await loading;
    this.logger.log(
      `price catalog loaded: ${this.entries.size} SKUs, ${Math.round((this.entries.allocatedDoubles * 8) / 2 ** 20)} MB of blocks, in ${Math.round(performance.now() - started)} ms`,
    );
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.refreshing;
  }

  /** Whether the catalog has caught up within PRICING_CATALOG_MAX_STALENESS_MS. */
  fresh(now = Date.now()): boolean {
    return (
      this.enabled &&
      this.watermark !== undefined &&
      now - this.freshAsOf <= this.config.catalog.maxStalenessMs
    );
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Catches up with the change log (what the timer does every poll interval): resolves once a
   * refresh that started after this call has finished, so it sees every change committed before.
   */
  refresh(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    if (this.refreshing === undefined) {
      this.refreshing = this.catchUp().finally(() => (this.refreshing = undefined));
      return this.refreshing;
    }
    this.following ??= this.refreshing
      .catch(() => undefined)
      .then(() => {
        this.following = undefined;
        return this.refresh();
      });
    return this.following;
  }

  /**
   * What SelectionRepository.read answers, from memory. Its selectors and bounds are the
   * catalog's own, pointed at other SKUs by the next read (so that a read allocates nothing per
   * SKU), and so are the prices they select (a BlockPrice reads its ids from its selector): use
   * them before that, as select does, synchronously.
   */
  read(query: {
    skus: readonly string[];
    currency: string;
    channel: string;
    groups: readonly string[];
    countries: readonly string[];
    at: Date;
  }): SelectionReads {
    const pricesOf: SelectionReads['pricesOf'][number][] = [];
    const bounds: SelectionReads['bounds'][number][] = [];
    const points: SelectionReads['points'] = new Map();
    const atMicros = query.at.getTime() * 1000;
    const currency = this.ids.find(query.currency);
    // The history scopes the query asks for, in groups × countries order: made once a query.
    let scopes: string[] | undefined;
    const { entries } = this;
    const { skus } = query;
    entries.startRead();
    entries.findAll(skus);
    for (let k = 0; k < skus.length; k++) {
      const sku = skus[k];
      if (!entries.foundOf(k)) {
        pricesOf.push(undefined);
        bounds.push(undefined);
        continue;
      }
      // The columns, not the candidates: a select reads the columns anyway, never the array.
      pricesOf.push(entries.selectorIn(sku, currency));
      bounds.push(entries.boundIn(currency));
      const entryPoints = entries.pointsOf(sku);
      if (entryPoints === undefined) continue;
      scopes ??= query.groups.flatMap((group) =>
        query.countries.map((country) => pointScope(query.currency, query.channel, group, country)),
      );
      let next = 0;
      for (const group of query.groups)
        for (const country of query.countries) {
          const scope = entryPoints.get(scopes[next++]);
          const point = scope === undefined ? undefined : pointAt(scope, atMicros);
          if (point !== undefined)
            points.set(
              scopeKey({
                sku,
                currency: query.currency,
                channel: query.channel,
                customerGroup: group,
                country,
              }),
              {
                amount: point.amount,
                referenceAmount: point.referenceAmount,
                reductionStartedAt: point.reductionStartedAt,
              },
            );
        }
    }
    return { pricesOf, exemptions: this.exemptionPolicies, bounds, points };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.refresh()
        .catch((error: unknown) =>
          this.logger.warn(
            `price catalog refresh failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => this.schedule());
    }, this.config.catalog.pollMs);
  }

  private async loadAll(): Promise<void> {
    const asOf = Date.now();
    const watermark = await this.reads.watermark();
    const entries = new CatalogBlocks(this.ids);
    const skus = await this.reads.allSkus();
    for (let i = 0; i < skus.length; i += LOAD_CHUNK)
      this.apply(
        entries,
        skus.slice(i, i + LOAD_CHUNK),
        await this.reads.skus(skus.slice(i, i + LOAD_CHUNK)),
      );
    this.exemptionPolicies = await this.reads.exemptions();
    this.entries = entries;
    this.watermark = watermark;
    this.freshAsOf = asOf;
  }

  private async catchUp(): Promise<void> {
    if (this.watermark === undefined) return;
    // A reader further behind than the change log keeps must start again from scratch.
    if (Date.now() - this.freshAsOf > this.config.catalog.changesRetentionMs / 2) {
      await this.loadAll();
      return;
    }
    const asOf = Date.now();
    const changes = await this.reads.changesSince(this.watermark);
    const skus = new Set(changes.skus);
    if (changes.lists.length > 0)
      for (const sku of await this.reads.skusOfLists(changes.lists)) skus.add(sku);
    const changed = [...skus];
    for (let i = 0; i < changed.length; i += LOAD_CHUNK) {
      const chunk = changed.slice(i, i + LOAD_CHUNK);
      this.apply(this.entries, chunk, await this.reads.skus(chunk));
    }
    if (changes.exemptions) this.exemptionPolicies = await this.reads.exemptions();
    this.watermark = changes.watermark;
    this.freshAsOf = asOf;
    if (asOf - this.lastPruneAt > this.config.catalog.changesRetentionMs / 10) {
      this.lastPruneAt = asOf;
      await this.reads.prune(this.config.catalog.changesRetentionMs);
    }
  }

  /** Replaces what `entries` holds of `skus` with `loaded` (a SKU without anything is dropped). */
  private apply(entries: CatalogBlocks, skus: readonly string[], loaded: CatalogSkus): void {
    for (const sku of skus) {
      const candidates = loaded.candidates.get(sku) ?? [];
      const bound = loaded.bounds.get(sku);
      const points = loaded.points.get(sku);
      if (candidates.length === 0 && bound === undefined && points === undefined) {
        entries.delete(sku);
        continue;
      }
      entries.set(sku, candidates, bound, points);
    }
  }
}
