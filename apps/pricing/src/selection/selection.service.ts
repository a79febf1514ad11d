import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import {
  FairnessCorrectionsRepository,
  type FairnessCorrection,
} from '../fairness/fairness-corrections.repository';
import {
  fairnessGuard,
  type FairnessPolicy,
  type GuardedSelection,
} from '../fairness/fairness-guard';
import { scopeKey } from '../history/history.repository';
import type { SelectedSkuDto, SelectRequest, SelectResponseDto } from './dto/select.dto';
import type { PriceCandidate } from './price-candidate';
import { PriceCatalog } from './price-catalog.service';
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

/**
 * One SKU's entry of the answer, its properties in the DTO's order (`rejected` is left out
 * of the JSON when undefined, so the bytes are those of the DTO's schema).
 */
function answerOf(
  sku: string,
  selection: GuardedSelection,
  request: SelectRequest,
  bound: { floor: number; ceiling: number } | undefined,
  points: SelectionReads['points'],
): SelectedSkuDto {
  const floor = bound?.floor ?? null;
  const ceiling = bound?.ceiling ?? null;
  const rejected = request.explain ? selection.rejected : undefined;
  const selected = selection.selected;
  if (selected === undefined)
    return {
      sku,
      status: 'no_price',
      rejected,
      floor,
      ceiling,
      referencePrice: null,
      reductionStartedAt: null,
    };
  // Only scopes that have had a reduction have points: most selections look nothing up.
  const point =
    points.size === 0
      ? undefined
      : points.get(
          scopeKey({
            sku,
            currency: request.currency,
            channel: request.channel,
            customerGroup: selected.customerGroup ?? '',
            country: selected.country ?? '',
          }),
        );
  // The history's reduction is this price's only when it records the same amount.
  const referenceAmount =
    point !== undefined && point.amount === selected.amount ? point.referenceAmount : null;
  return {
    sku,
    status: 'priced',
    price: { amount: selected.amount, currency: request.currency },
    priceId: selected.priceId,
    priceListId: selected.priceListId,
    level: selected.level,
    countryMatched: selected.country !== null,
    dated: selected.dated,
    rejected,
    floor,
    ceiling,
    referencePrice:
      referenceAmount === null ? null : { amount: referenceAmount, currency: request.currency },
    reductionStartedAt:
      referenceAmount === null ? null : (point?.reductionStartedAt?.toISOString() ?? null),
    fairness: selection.fairness,
  };
}

/** One price per SKU for one buyer and moment, explained, guarded, with its reference price. */
@Injectable()
export class SelectionService {
  private readonly policy: FairnessPolicy;

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
   * `source`: where the prices are read — the in-memory catalog while it is fresh, else the
   * database (`auto`); the equivalence test asks for each explicitly.
   */
  async select(
    request: SelectRequest,
    source: 'auto' | 'catalog' | 'database' = 'auto',
  ): Promise<SelectResponseDto> {
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
    const query = {
      channel: request.channel,
      customerGroups: request.customerGroups,
      country: request.country,
      at,
      quantity: request.quantity,
    };
    const options = request.explain ? EXPLAINED : UNEXPLAINED;
    // One pass, building only what the answer holds: select is the checkout's hot path, and
    // what it allocates per request sets how often the service thread stops for a scavenge.
    const guard = fairnessGuard(query, this.policy, exemptions);
    const prices: SelectedSkuDto[] = [];
    let corrected: FairnessCorrection[] | undefined;
    for (let i = 0; i < skus.length; i++) {
      const sku = skus[i];
      const selection = guard(pricesOf[i] ?? NO_CANDIDATES, sku, options);
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
      prices.push(answerOf(sku, selection, request, bounds[i], points));
    }
    if (corrected !== undefined) await this.corrections.record(corrected, new Date());
    return { at: at.toISOString(), prices };
  }
}
