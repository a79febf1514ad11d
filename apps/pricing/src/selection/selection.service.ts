import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import { FairnessCorrectionsRepository } from '../fairness/fairness-corrections.repository';
import { guardedSelect, type FairnessPolicy } from '../fairness/fairness-guard';
import { scopeKey } from '../history/history.repository';
import type { SelectedSkuDto, SelectRequest, SelectResponseDto } from './dto/select.dto';
import { PriceCatalog } from './price-catalog.service';
import { SelectionRepository, type SelectionReads } from './selection.repository';

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
    const skus = [...new Set(request.skus)];
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
    const selections = skus.map((sku) => ({
      sku,
      selection: guardedSelect(pricesOf.get(sku) ?? [], query, this.policy, exemptions, sku, {
        explain: request.explain,
      }),
    }));
    const corrected = selections.flatMap(({ sku, selection: { fairness } }) =>
      fairness?.corrected === true
        ? [
            {
              sku,
              currency: request.currency,
              channel: request.channel,
              customerGroups: [...request.customerGroups].sort().join(','),
              country: request.country ?? '',
              memberPrice: fairness.memberPrice,
              baselinePrice: fairness.baselinePrice,
              baselineGroup: fairness.baselineGroup ?? '',
            },
          ]
        : [],
    );
    if (corrected.length > 0) await this.corrections.record(corrected, new Date());
    const prices = selections.map(({ sku, selection }): SelectedSkuDto => {
      const bound = bounds.get(sku);
      const floor = bound?.floor ?? null;
      const ceiling = bound?.ceiling ?? null;
      const selected = selection.selected;
      if (selected === undefined) {
        const none: SelectedSkuDto = {
          sku,
          status: 'no_price',
          floor,
          ceiling,
          referencePrice: null,
          reductionStartedAt: null,
        };
        if (request.explain) none.rejected = selection.rejected;
        return none;
      }
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
      const priced: SelectedSkuDto = {
        sku,
        status: 'priced',
        price: { amount: selected.amount, currency: request.currency },
        priceId: selected.priceId,
        priceListId: selected.priceListId,
        level: selected.level,
        countryMatched: selected.country !== null,
        dated: selected.dated,
        floor,
        ceiling,
        referencePrice:
          referenceAmount === null ? null : { amount: referenceAmount, currency: request.currency },
        reductionStartedAt:
          referenceAmount === null ? null : (point?.reductionStartedAt?.toISOString() ?? null),
      };
      if (request.explain) priced.rejected = selection.rejected;
      if (selection.fairness !== undefined) priced.fairness = selection.fairness;
      return priced;
    });
    return { at: at.toISOString(), prices };
  }
}
