import type { Channel } from '@omni/contracts';
import type { Product, SimulationConfig } from '../config/simulation-config';
import type { Prng } from '../random/prng';

/** The brand's products with channel prices. Prices are whole yuan in fen (list × factor). */
export class Catalogue {
  readonly brand: string;
  readonly currency: string;
  readonly products: readonly Product[];
  readonly categories: readonly string[];
  private readonly byCategory = new Map<string, Product[]>();
  private readonly queries = new Map<string, readonly string[]>();
  private readonly factors: Partial<Record<Channel, number>>;

  constructor(config: SimulationConfig) {
    this.brand = config.catalogue.brand;
    this.currency = config.currency;
    this.products = config.catalogue.products;
    this.factors = config.channelPriceFactors;
    for (const category of config.catalogue.categories) {
      this.queries.set(category.name, category.queries);
    }
    for (const product of this.products) {
      const list = this.byCategory.get(product.category) ?? [];
      list.push(product);
      this.byCategory.set(product.category, list);
    }
    this.categories = [...this.byCategory.keys()];
  }

  /** Products of one category: the "similar products" a shopper compares. */
  inCategory(category: string): readonly Product[] {
    return this.byCategory.get(category) ?? [];
  }

  /** The channel's price in minor units, rounded once to whole yuan. */
  price(product: Product, channel: Channel): number {
    const factor = this.factors[channel] ?? 1;
    return factor === 1 ? product.listPrice : Math.round((product.listPrice * factor) / 100) * 100;
  }

  query(category: string, rng: Prng): string {
    return rng.pick(this.queries.get(category) ?? [category]);
  }
}
