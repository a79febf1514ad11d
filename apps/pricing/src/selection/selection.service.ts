import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import {
  FairnessCorrectionsRepository,
  type FairnessCorrection,
} from '../fairness/fairness-corrections.repository';
import { fairnessGuard, type FairnessPolicy } from '../fairness/fairness-guard';
import { scopeKey } from '../history/history.repository';
import { CompactSelector } from './compact-prices';
import type { SelectRequest } from './dto/select.dto';
import type { PriceCandidate } from './price-candidate';
import { PriceCatalog } from './price-catalog.service';
import { SelectAnswerWriter } from './select-answer';
import type { SelectedPrice } from './select-price';
import { SelectionRepository, type SelectionReads } from './selection.repository';

const EXPLAINED = { explain: true };
const UNEXPLAINED = { explain: false };
const NO_CANDIDATES: readonly PriceCandidate[] = [];

/** The SKUs in request order without repeats; a Set only for a long list or one with repeats. */
function distinct(skus: readonly string[]): readonly string[] {
  if (skus.length > 64) return [...new Set(skus)];
  for (let i = 1; i < skus.length; i++)
    if (skus.lastIndexOf(skus[i], i - 1) !== -1) return [...new Set(skus)];
  return skus;
}

/** The history point of the selected price's scope; only scopes that have had a reduction have one. */
export function pointOf(
  sku: string,
  selected: SelectedPrice | undefined,
  request: SelectRequest,
  points: SelectionReads['points'],
) {
  if (selected === undefined || points.size === 0) return undefined;
  return points.get(
    scopeKey({
      sku,
      currency: request.currency,
      channel: request.channel,
      customerGroup: selected.customerGroup ?? '',
      country: selected.country ?? '',
    }),
  );
}

/** What selection asks of each SKU's prices for a request, at the instant it is priced. */
export const selectionQueryOf = (request: SelectRequest, at: Date) => ({
  channel: request.channel,
  customerGroups: request.customerGroups,
  country: request.country,
  at,
  quantity: request.quantity,
});

/** One price per SKU for one buyer and moment, explained, guarded, with its reference price. */
@Injectable()
export class SelectionService {
  private readonly policy: FairnessPolicy;
  private readonly answer = new SelectAnswerWriter();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly reads: SelectionRepository,
    private readonly corrections: FairnessCorrectionsRepository,
    private readonly catalog: PriceCatalog,
  ) {
    this.policy = { memberGroups: config.groups.member, baselineGroups: config.groups.baseline };
  }

  /**
   * The answer's JSON (SelectResponseDto) as bytes. `source`: where the prices are read — the
   * in-memory catalog while it is fresh, else the database (`auto`); the equivalence test asks
   * for each explicitly.
   */
  async select(
    request: SelectRequest,
    source: 'auto' | 'catalog' | 'database' = 'auto',
  ): Promise<Buffer> {
    if (request.skus.length > this.config.selection.maxSkus)
      throw new ApiError(
        400,
        'invalid_request',
        `skus: at most ${this.config.selection.maxSkus} per request, got ${request.skus.length}`,
      );
    const at = request.at ?? new Date();
    const skus = distinct(request.skus);
    const read = {
      skus,
      currency: request.currency,
      channel: request.channel,
      groups: ['', ...request.customerGroups],
      countries: ['', ...(request.country === undefined ? [] : [request.country])],
      at,
    };
    const fromCatalog = source === 'catalog' || (source === 'auto' && this.catalog.fresh());
    const { pricesOf, exemptions, bounds, points }: SelectionReads = fromCatalog
      ? this.catalog.read(read)
      : await this.reads.read(this.dataSource.manager, read);
    const query = selectionQueryOf(request, at);
    const options = request.explain ? EXPLAINED : UNEXPLAINED;
    // One pass, building only what the answer holds: select is the checkout's hot path, and
    // what it allocates per request sets how often the service thread stops for a scavenge.
    // The catalog's losers are written from its columns (ADR 0034): its selections are unexplained.
    const guard = fairnessGuard(query, this.policy, exemptions);
    const answer = this.answer;
    answer.start(at, request.currency, query);
    let corrected: FairnessCorrection[] | undefined;
    for (let i = 0; i < skus.length; i++) {
      const sku = skus[i];
      const prices = pricesOf[i];
      const compact = prices instanceof CompactSelector;
      const selection = compact
        ? guard(prices, sku, UNEXPLAINED)
        : guard(prices ?? NO_CANDIDATES, sku, options);
      const { fairness } = selection;
      if (fairness?.corrected === true)
        (corrected ??= []).push({
          sku,
          currency: request.currency,
          channel: request.channel,
          customerGroups: [...request.customerGroups].sort().join(','),
          country: request.country ?? '',
          memberPrice: fairness.memberPrice,
          baselinePrice: fairness.baselinePrice,
          baselineGroup: fairness.baselineGroup ?? '',
        });
      answer.entry(
        sku,
        selection,
        request.explain ? (compact ? prices : selection.rejected) : undefined,
        bounds[i],
        pointOf(sku, selection.selected, request, points),
      );
    }
    const bytes = answer.finish();
    if (corrected !== undefined) await this.corrections.record(corrected, new Date());
    return bytes;
  }

  /**
   * Gives back the buffer of an answer `select` made, once it has been sent (or its request
   * has gone): the next answers are written into it. Never call it while the bytes are read.
   */
  release(answer: Buffer): void {
    this.answer.release(answer);
  }

  /** How many answer buffers wait to be written again (given back by `release`). */
  get pooledAnswerBuffers(): number {
    return this.answer.pooled;
  }
}
