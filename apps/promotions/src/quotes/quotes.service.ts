import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { PromotionsConfig } from '../config/promotions-config';
import { checkCoupons, type CouponCheck } from '../coupons/coupons.repository';
import { quoteCartWithJson, type Cart, type CompiledPromotion, type Quote } from '../engine';
import { CartFactsCache } from '../read-models/cart-facts-cache';
import { ReadModelsRepository } from '../read-models/read-models.repository';
import type { QuoteDto, QuoteRequest } from './dto/quote.dto';
import { LivePromotions } from './live-promotions';
import { QuoteWorkers } from './quote-workers';

export type CartRequest = Omit<QuoteRequest, 'lines' | 'channel'> & {
  channel: string;
  lines: (Omit<QuoteRequest['lines'][number], 'unitPrice'> & { unitPrice?: number | undefined })[];
};

/** Builds the cart from the read models and quotes it; it never writes. */
@Injectable()
export class QuotesService {
  constructor(
    private readonly live: LivePromotions,
    private readonly readModels: ReadModelsRepository,
    private readonly cache: CartFactsCache,
    private readonly workers: QuoteWorkers,
    @Inject(SERVICE_CONFIG) private readonly config: PromotionsConfig,
  ) {}

  /**
   * The answer to `POST /v1/quotes` as JSON: the quote's own JSON (the bytes its hash is taken
   * of) with the refused coupons and the hash added, so the quote is serialized once.
   */
  async quoteJson(request: QuoteRequest): Promise<string> {
    if (request.lines.length > this.config.quotes.maxLines)
      throw new ApiError(
        400,
        'invalid_request',
        `lines: at most ${this.config.quotes.maxLines} lines per quote`,
      );
    const { cart, coupons, promotions, shared } = await this.cart(
      request,
      new Date(),
      new Map(),
      'cached',
    );
    const { body, hash } = await this.workers.quote(promotions, cart, shared);
    const refused: QuoteDto['refusedCoupons'] = [...coupons.exhausted, ...coupons.refused].map(
      ({ code, reason }) => ({ code, reason }),
    );
    return `${body.slice(0, -1)},"refusedCoupons":${JSON.stringify(refused)},"hash":"${hash}"}`;
  }

  /**
   * The quote of a cart at an instant, with the coupons checked and the promotions it used:
   * also how an order is re-quoted at its event time to know what it redeemed. `unitsLeft`
   * replaces the cached flash units of promotions whose rows the caller read under a lock.
   * The cart facts are read from Postgres unless `facts` is `'cached'` (a quote, not an order).
   */
  async evaluate(
    request: CartRequest,
    at: Date,
    unitsLeft: ReadonlyMap<string, number> = new Map(),
    facts: 'cached' | 'fresh' = 'fresh',
  ): Promise<{
    quote: Quote;
    /** The quote's JSON without its hash. */
    body: string;
    coupons: CouponCheck;
    promotions: readonly CompiledPromotion[];
  }> {
    const { cart, coupons, promotions } = await this.cart(request, at, unitsLeft, facts);
    const { quote, body } = quoteCartWithJson(promotions, cart);
    return { quote, body, coupons, promotions };
  }

  /**
   * The cart to quote, the coupons checked and the promotions it gets; `shared` when those are
   * the channel's live list as it is, not one made for this cart.
   */
  private async cart(
    request: CartRequest,
    at: Date,
    unitsLeft: ReadonlyMap<string, number>,
    facts: 'cached' | 'fresh',
  ): Promise<{
    cart: Cart;
    coupons: CouponCheck;
    promotions: readonly CompiledPromotion[];
    shared: boolean;
  }> {
    const skus = [...new Set(request.lines.map((line) => line.sku))];
    const codes = request.couponCodes ?? [];
    const query = {
      customerId: request.customerId,
      skus,
      channel: request.channel,
      currency: request.currency,
      at,
      needPrices: request.lines.some((line) => line.unitPrice === undefined),
      couponCodes: codes,
    };
    const [cartFacts, live] = await Promise.all([
      facts === 'cached' ? this.cache.cartFacts(query) : this.readModels.cartFacts(query),
      this.live.forCart(request.channel, at),
    ]);
    const promotions =
      unitsLeft.size === 0
        ? live
        : live.map((promotion) =>
            unitsLeft.has(promotion.id)
              ? { ...promotion, unitsLeft: unitsLeft.get(promotion.id)! }
              : promotion,
          );
    const { customer, prices, floors } = cartFacts;
    const coupons = checkCoupons(cartFacts.coupons, codes, request.customerId, at);
    const unpriced = request.lines.filter(
      (line) => line.unitPrice === undefined && !prices.has(line.sku),
    );
    if (unpriced.length > 0)
      throw new ApiError(
        422,
        'price_unknown',
        `no price for ${[...new Set(unpriced.map((line) => line.sku))].join(', ')} on ${request.channel} in ${request.currency}; send unitPrice`,
        { details: { skus: [...new Set(unpriced.map((line) => line.sku))] } },
      );
    const cart: Cart = {
      channel: request.channel,
      currency: request.currency,
      at: at.toISOString(),
      customer: {
        ...(request.customerId === undefined ? {} : { customerId: request.customerId }),
        ...(customer?.tier === undefined ? {} : { tier: customer.tier }),
        segments: customer?.segments ?? [],
        firstOrder: customer !== undefined && customer.orders === 0,
      },
      lines: request.lines.map((line) => ({
        lineId: line.lineId,
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: line.unitPrice ?? prices.get(line.sku)!,
        categories: line.categories ?? [],
        ...(floors.has(line.sku) ? { floorUnitPrice: floors.get(line.sku)! } : {}),
      })),
      coupons: coupons.valid.map((coupon) => ({
        code: coupon.code,
        ...(coupon.batchId === null ? {} : { batchId: coupon.batchId }),
      })),
      shipping: request.shipping ?? 0,
    };
    const available = withCouponLimits(promotions, coupons);
    return { cart, coupons, promotions: available, shared: available === live };
  }
}

/** A coupon promotion whose presented code has no uses left says so instead of "coupon missing". */
function withCouponLimits(
  promotions: readonly CompiledPromotion[],
  coupons: CouponCheck,
): readonly CompiledPromotion[] {
  if (coupons.exhausted.length === 0) return promotions;
  return promotions.map((promotion) => {
    if (promotion.unavailable !== undefined) return promotion;
    const wanted = promotion.conditions
      .filter(({ rule }) => rule.code === 'coupon-code')
      .map(({ args }) => args as { code?: string; batchId?: string });
    const exhausted = coupons.exhausted.find((coupon) =>
      wanted.some((want) =>
        want.code !== undefined ? want.code === coupon.code : want.batchId === coupon.batchId,
      ),
    );
    if (
      exhausted === undefined ||
      coupons.valid.some((coupon) =>
        wanted.some((want) => want.code === coupon.code || want.batchId === coupon.batchId),
      )
    )
      return promotion;
    return {
      ...promotion,
      unavailable: {
        reason: 'coupon-limit-reached',
        explanation: `coupon ${exhausted.code}: ${exhausted.reason}`,
      },
    };
  });
}
