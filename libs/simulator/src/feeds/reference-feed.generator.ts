import type { Channel } from '@omni/contracts';
import type { Product } from '../config/simulation-config';
import type { SimulationContext } from '../engine/simulation-context';
import { TokenSource } from '../random/deterministic-id';
import { Prng } from '../random/prng';
import { HOUR, MINUTE, SECOND } from '../time/sim-time';

interface StockLevel {
  readonly sku: string;
  readonly location: { readonly storeId: string } | { readonly warehouseId: string };
  readonly start: number;
  onHand: number;
  inTransit: number;
}

/**
 * The daily reference feeds: stock snapshots per SKU and location at 06:00, competitor prices
 * around noon and each campaign's spend at the end of the day. Stock follows a random walk
 * with restocking, so pricing rules see both scarce and plentiful SKUs.
 */
export class ReferenceFeed {
  private readonly stock: StockLevel[] = [];
  private readonly tokens: TokenSource;

  constructor(private readonly ctx: SimulationContext) {
    const { config } = ctx;
    this.tokens = new TokenSource(config.seed);
    const rng = Prng.stream(config.seed, 'inventory');
    for (const product of config.catalogue.products) {
      for (const warehouseId of config.warehouses) {
        const start = rng.int(
          config.inventory.warehouseStock.min,
          config.inventory.warehouseStock.max,
        );
        this.stock.push({
          sku: product.sku,
          location: { warehouseId },
          start,
          onHand: start,
          inTransit: 0,
        });
      }
      for (const store of config.stores) {
        const start = rng.int(config.inventory.storeStock.min, config.inventory.storeStock.max);
        this.stock.push({
          sku: product.sku,
          location: { storeId: store.id },
          start,
          onHand: start,
          inTransit: 0,
        });
      }
    }
  }

  runDay(day: number): void {
    const rng = Prng.stream(this.ctx.config.seed, 'reference-feed', day);
    const midnight = this.ctx.time.dayStart(day);
    this.snapshotStock(rng, midnight + 6 * HOUR);
    this.observeCompetitors(rng, midnight + 12 * HOUR);
    this.reportSpend(rng, midnight, midnight + 24 * HOUR - SECOND);
  }

  private snapshotStock(rng: Prng, at: number): void {
    const { ctx } = this;
    const costs = new Map(
      ctx.config.catalogue.products.map((product) => [product.sku, product.unitCost]),
    );
    for (const level of this.stock) {
      // Yesterday's replenishment has arrived; today's sales are drawn before the snapshot.
      level.onHand += level.inTransit;
      level.inTransit = 0;
      const isStore = 'storeId' in level.location;
      level.onHand = Math.max(
        0,
        level.onHand - rng.int(0, isStore ? 3 : Math.ceil(level.start / 20)),
      );
      if (level.onHand < level.start * ctx.config.inventory.restockBelowShare) {
        level.inTransit = level.start - level.onHand;
      }
      const channel: Channel = isStore ? 'pos' : 'web';
      ctx.timeline.emit(at, {
        type: 'inventory.snapshot',
        channel,
        identifiers: {},
        payload: {
          sku: level.sku,
          ...level.location,
          onHand: level.onHand,
          reserved: rng.int(0, Math.min(5, level.onHand)),
          inTransit: level.inTransit,
          unitCost: { amount: costs.get(level.sku) ?? 0, currency: ctx.config.currency },
        },
      });
    }
  }

  private observeCompetitors(rng: Prng, noon: number): void {
    const { ctx } = this;
    ctx.config.competitors.forEach((competitor, competitorIndex) => {
      ctx.config.catalogue.products.forEach((product, productIndex) => {
        const at = noon + rng.int(0, 59) * MINUTE;
        const factor = rng.uniform(competitor.priceFactor.min, competitor.priceFactor.max);
        const competitorSku = this.tokens.noise(
          `competitor:${competitorIndex}`,
          productIndex,
          12,
          '0123456789',
        );
        ctx.timeline.emit(at, {
          type: 'competitor.price-observed',
          channel: competitor.channel,
          identifiers: {},
          payload: {
            sku: product.sku,
            competitor: competitor.name,
            competitorSku,
            price: { amount: roundedPrice(product, factor), currency: ctx.config.currency },
            observedAt: ctx.time.iso(at - rng.int(10, 300) * SECOND),
            url: listingUrl(competitor.channel, competitorSku),
            inStock: rng.chance(0.95),
            promotional: factor < 0.92,
          },
        });
      });
    });
  }

  private reportSpend(rng: Prng, midnight: number, at: number): void {
    const { ctx } = this;
    const scale = ctx.config.people / 1000;
    for (const campaign of ctx.config.marketing.campaigns) {
      const cost = Math.round(campaign.dailyBudgetPer1000People * scale * rng.uniform(0.8, 1.2));
      const impressions = Math.round((cost / campaign.cpm) * 1000);
      ctx.timeline.emit(at, {
        type: 'marketing.spend',
        channel: campaign.channel,
        identifiers: {},
        payload: {
          date: ctx.time.localDate(midnight),
          campaignId: campaign.id,
          campaignName: campaign.name,
          source: campaign.source,
          medium: campaign.medium,
          cost: { amount: cost, currency: ctx.config.currency },
          impressions,
          clicks: Math.round(impressions * campaign.ctr * rng.uniform(0.9, 1.1)),
        },
      });
    }
  }
}

// Shelf prices end in whole yuan, and promotions like to end in 9.
function roundedPrice(product: Product, factor: number): number {
  const yuan = Math.max(1, Math.round((product.listPrice * factor) / 100));
  return (factor < 0.92 && yuan % 10 === 0 ? yuan - 1 : yuan) * 100;
}

function listingUrl(channel: Channel, id: string): string {
  if (channel === 'jd') return `https://item.jd.com/${id}.html`;
  if (channel === 'tmall') return `https://detail.tmall.com/item.htm?id=${id}`;
  return `https://www.example.cn/${channel}/item/${id}`;
}
