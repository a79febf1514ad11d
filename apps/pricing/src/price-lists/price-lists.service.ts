import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { transactionAtNow } from '@omni/database';
import { ApiError, SERVICE_CONFIG, type Change } from '@omni/platform';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditLogRepository } from '../audit/audit-log.repository';
import type { PricingConfig } from '../config/pricing-config';
import { EffectivePricesService } from '../history/effective-prices.service';
import { RulePricingService } from '../rules/rule-pricing.service';
import { PriceCatalogRepository } from '../selection/price-catalog.repository';
import { SkuSettings } from '../skus/sku-settings.entity';
import type { CreatePriceList, PriceDto, PriceInput, PriceListDto } from './dto/price-list.dto';
import { fairnessViolations, overlappingPrices } from './publish-checks';
import { PriceList } from './price-list.entity';
import { PriceListsRepository } from './price-lists.repository';
import { Price } from './price.entity';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const priceView = (price: Price): PriceDto => ({
  id: price.id,
  sku: price.sku,
  amount: price.amount,
  currency: price.currency,
  channel: price.channel,
  customerGroup: price.customerGroup,
  country: price.country,
  validFrom: iso(price.validFrom),
  validTo: iso(price.validTo),
  quantityTiers: price.quantityTiers,
});

const listView = (list: PriceList, priceCount: number, prices?: Price[]): PriceListDto => ({
  id: list.id,
  name: list.name,
  status: list.status,
  validFrom: iso(list.validFrom),
  validTo: iso(list.validTo),
  createdAt: list.createdAt.toISOString(),
  publishedAt: iso(list.publishedAt),
  archivedAt: iso(list.archivedAt),
  priceCount,
  ...(prices === undefined ? {} : { prices: prices.map(priceView) }),
});

/** Price lists: drafts are edited, publication is one checked and audited transaction. */
@Injectable()
export class PriceListsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly audit: AuditLogRepository,
    private readonly catalog: PriceCatalogRepository,
    private readonly effective: EffectivePricesService,
    private readonly rules: RulePricingService,
    private readonly listsRepository: PriceListsRepository,
  ) {}

  async create(request: CreatePriceList, change: Change): Promise<PriceListDto> {
    return transactionAtNow(this.dataSource, async (tx, now) => {
      const list = tx.create(PriceList, {
        id: `pl_${randomUUID()}`,
        name: request.name,
        status: 'draft',
        validFrom: request.validFrom ?? null,
        validTo: request.validTo ?? null,
        createdAt: now,
        publishedAt: null,
        archivedAt: null,
      });
      await tx.insert(PriceList, list);
      await this.audit.record(
        tx,
        change,
        [
          {
            action: 'price-list.created',
            subject: `price-list:${list.id}`,
            after: listView(list, 0),
          },
        ],
        now,
      );
      await this.insertPrices(tx, list.id, request.prices, change, now);
      return listView(list, request.prices.length);
    });
  }

  async addPrices(id: string, prices: PriceInput[], change: Change): Promise<PriceListDto> {
    return transactionAtNow(this.dataSource, async (tx, now) => {
      const list = await this.lockDraft(tx, id, 'add prices to');
      await this.insertPrices(tx, id, prices, change, now);
      return listView(list, await tx.countBy(Price, { priceListId: id }));
    });
  }

  /** Inserts prices into a draft list, each audited with its SKU. */
  async insertPrices(
    tx: EntityManager,
    priceListId: string,
    inputs: readonly PriceInput[],
    change: Change,
    now: Date,
  ): Promise<void> {
    const prices = inputs.map((input) =>
      tx.create(Price, {
        id: `pr_${randomUUID()}`,
        priceListId,
        sku: input.sku,
        currency: input.currency,
        amount: input.amount,
        channel: input.channel ?? null,
        customerGroup: input.customerGroup ?? null,
        country: input.country ?? null,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
        quantityTiers: [...input.quantityTiers].sort((a, b) => a.minQuantity - b.minQuantity),
      }),
    );
    for (let i = 0; i < prices.length; i += 2_000)
      await tx.insert(Price, prices.slice(i, i + 2_000));
    await this.audit.record(
      tx,
      change,
      prices.map((price) => ({
        action: 'price.added',
        subject: `price-list:${priceListId}`,
        sku: price.sku,
        after: priceView(price),
      })),
      now,
    );
  }

  async get(id: string): Promise<PriceListDto> {
    const list = await this.dataSource.getRepository(PriceList).findOneBy({ id });
    if (list === null) throw notFound(id);
    const prices = await this.dataSource
      .getRepository(Price)
      .find({ where: { priceListId: id }, order: { sku: 'ASC', id: 'ASC' }, take: 1_000 });
    const count = await this.dataSource.getRepository(Price).countBy({ priceListId: id });
    return listView(list, count, prices);
  }

  async list(): Promise<PriceListDto[]> {
    const lists = await this.dataSource
      .getRepository(PriceList)
      .find({ order: { createdAt: 'DESC' }, take: 500 });
    const counts = await this.dataSource
      .getRepository(Price)
      .createQueryBuilder('price')
      .select('price.priceListId', 'id')
      .addSelect('count(*)::int', 'count')
      .where({ priceListId: In(lists.map((list) => list.id)) })
      .groupBy('price.priceListId')
      .getRawMany<{ id: string; count: number }>();
    const countOf = new Map(counts.map((row) => [row.id, row.count]));
    return lists.map((list) => listView(list, countOf.get(list.id) ?? 0));
  }

  /**
   * Publishes a draft in one transaction: no two prices of one scope may overlap (with this
   * list's or an already published list's), every price stays within its SKU's floor and
   * ceiling, no member group pays more than the baseline under this list; then the effective
   * prices, their history and price.changed follow, and the publication is audited.
   */
  async publish(id: string, change: Change): Promise<PriceListDto> {
    return transactionAtNow(this.dataSource, (tx, now) => this.publishIn(tx, id, change, now));
  }

  /** Publication's lock, for a caller that must take it before it locks a list's row. */
  lockForPublication(tx: EntityManager): Promise<void> {
    return this.listsRepository.lockForPublication(tx);
  }

  /** Publication inside the caller's transaction (an import inserts and publishes in one). */
  async publishIn(tx: EntityManager, id: string, change: Change, now: Date): Promise<PriceListDto> {
    await this.listsRepository.lockForPublication(tx);
    const list = await this.lockDraft(tx, id, 'publish');
    const prices = await this.catalog.ofList(tx, id);
    const skus = [...new Set(prices.map((price) => price.sku))];
    const published = await this.catalog.listed(tx, skus);
    const own = new Set(prices.map((price) => price.id));
    const overlaps = overlappingPrices([...prices, ...published]).filter(
      (overlap) => own.has(overlap.first) || own.has(overlap.second),
    );
    if (overlaps.length > 0) {
      const [first] = overlaps;
      throw new ApiError(
        409,
        'overlapping_prices',
        `prices ${first.first} and ${first.second} have the same scope (SKU ${first.sku}, ${first.currency}, channel ${first.channel ?? 'any'}, group ${first.customerGroup ?? 'any'}, country ${first.country ?? 'any'}) and overlapping windows`,
        { details: { overlaps: overlaps.slice(0, 100), count: overlaps.length } },
      );
    }
    await this.checkBounds(tx, prices);
    const violations = fairnessViolations(
      prices,
      { memberGroups: this.config.groups.member, baselineGroups: this.config.groups.baseline },
      await this.catalog.exemptions(tx),
    );
    if (violations.length > 0) {
      const [first] = violations;
      throw new ApiError(
        422,
        'fairness_violation',
        `SKU ${first.sku}: customer group ${first.customerGroup} would pay ${first.memberPrice} (price ${first.memberPriceId}) where a ${first.baselineGroup ?? 'anonymous'} customer pays ${first.baselinePrice} (price ${first.baselinePriceId}) on ${first.channel ?? 'any other channel'} at ${first.at}`,
        { details: { violations: violations.slice(0, 100), count: violations.length } },
      );
    }
    // Grouped once: filtering the list's prices per SKU was quadratic (hours at 100,000 rows).
    const priceIdsOf = new Map<string, string[]>();
    for (const price of prices) {
      const ids = priceIdsOf.get(price.sku);
      if (ids === undefined) priceIdsOf.set(price.sku, [price.id]);
      else ids.push(price.id);
    }
    const before = listView(list, prices.length);
    list.status = 'published';
    list.publishedAt = now;
    await tx.update(PriceList, { id }, { status: 'published', publishedAt: now });
    await this.audit.record(
      tx,
      change,
      [
        {
          action: 'price-list.published',
          subject: `price-list:${id}`,
          before,
          after: listView(list, prices.length),
        },
        ...skus.map((sku) => ({
          action: 'price.published',
          subject: `price-list:${id}`,
          sku,
          after: {
            priceListId: id,
            prices: priceIdsOf.get(sku) ?? [],
          },
        })),
      ],
      now,
    );
    // Rules start from the list price: they run again on the new one, without waiting out the
    // rate limit (following a list change is not flapping).
    await this.rules.run(tx, skus, now, `price list ${id} published`, { rateLimited: false });
    await this.effective.refresh(tx, skus, now, {
      reason: `price list ${list.name} published: ${change.reason}`,
      correlationId: `publish-${id}`,
      priceListId: id,
    });
    return listView(list, prices.length);
  }

  /** Archives a published list: its prices stop applying from now on; history and events follow. */
  async archive(id: string, change: Change): Promise<PriceListDto> {
    return transactionAtNow(this.dataSource, async (tx, now) => {
      // The publication lock before the list's row, in the order publication takes them: the
      // other order deadlocks with a publication of the same list.
      await this.listsRepository.lockForPublication(tx);
      const list = await tx
        .getRepository(PriceList)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (list === null) throw notFound(id);
      if (list.status === 'archived')
        throw new ApiError(409, 'price_list_archived', `price list ${id} is already archived`);
      const prices = await this.catalog.ofList(tx, id);
      const before = listView(list, prices.length);
      list.status = 'archived';
      list.archivedAt = now;
      await tx.update(PriceList, { id }, { status: 'archived', archivedAt: now });
      await this.audit.record(
        tx,
        change,
        [
          {
            action: 'price-list.archived',
            subject: `price-list:${id}`,
            before,
            after: listView(list, prices.length),
          },
        ],
        now,
      );
      const skus = [...new Set(prices.map((p) => p.sku))];
      await this.rules.run(tx, skus, now, `price list ${id} archived`, { rateLimited: false });
      await this.effective.refresh(tx, skus, now, {
        reason: `price list ${list.name} archived: ${change.reason}`,
        correlationId: `archive-${id}`,
        // price.withdrawn names the list whose archive withdrew a price (price.changed names
        // the list of the new price instead).
        priceListId: id,
      });
      return listView(list, prices.length);
    });
  }

  private async lockDraft(tx: EntityManager, id: string, what: string): Promise<PriceList> {
    const list = await tx
      .getRepository(PriceList)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (list === null) throw notFound(id);
    if (list.status !== 'draft')
      throw new ApiError(
        409,
        'price_list_not_draft',
        `cannot ${what} price list ${id}: it is ${list.status}`,
      );
    return list;
  }

  private async checkBounds(
    tx: EntityManager,
    prices: readonly {
      id: string;
      sku: string;
      currency: string;
      amount: number;
      quantityTiers: { amount: number }[];
    }[],
  ) {
    const skus = [...new Set(prices.map((price) => price.sku))];
    const settings = new Map<string, SkuSettings>();
    for (let i = 0; i < skus.length; i += 10_000)
      for (const row of await tx.findBy(SkuSettings, { sku: In(skus.slice(i, i + 10_000)) }))
        settings.set(row.sku, row);
    const outside = prices.flatMap((price) => {
      const bounds = settings.get(price.sku);
      if (bounds === undefined || bounds.currency !== price.currency) return [];
      const amounts = [price.amount, ...price.quantityTiers.map((tier) => tier.amount)];
      const bad = amounts.find((amount) => amount < bounds.floor || amount > bounds.ceiling);
      return bad === undefined
        ? []
        : [
            {
              priceId: price.id,
              sku: price.sku,
              amount: bad,
              floor: bounds.floor,
              ceiling: bounds.ceiling,
            },
          ];
    });
    if (outside.length > 0) {
      const [first] = outside;
      throw new ApiError(
        422,
        'price_out_of_bounds',
        `SKU ${first.sku}: price ${first.priceId} charges ${first.amount}, outside [floor ${first.floor}, ceiling ${first.ceiling}]`,
        { details: { prices: outside.slice(0, 100), count: outside.length } },
      );
    }
  }
}

const notFound = (id: string) => new ApiError(404, 'price_list_not_found', `no price list ${id}`);
