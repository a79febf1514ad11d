import { defaultActions, defaultConditions } from './default-rules';
import { RuleRegistry, type CompiledPromotion } from './rule-registry';
import type { Cart, CartLine, PromotionDefinition } from './types';

export const registry = new RuleRegistry(defaultConditions, defaultActions);

export function promotion(
  fields: Partial<PromotionDefinition> & Pick<PromotionDefinition, 'id' | 'actions'>,
): CompiledPromotion {
  return registry.compile({
    campaignId: 'campaign-1',
    name: fields.id,
    currency: 'CNY',
    priority: 0,
    conditions: [],
    ...fields,
  });
}

export function line(
  lineId: string,
  sku: string,
  quantity: number,
  unitPrice: number,
  extra: Partial<CartLine> = {},
): CartLine {
  return { lineId, sku, quantity, unitPrice, categories: [], ...extra };
}

export function cart(lines: readonly CartLine[], fields: Partial<Cart> = {}): Cart {
  return {
    channel: 'tmall',
    currency: 'CNY',
    at: '2026-11-11T04:00:00.000Z',
    customer: { segments: [], firstOrder: false },
    lines,
    coupons: [],
    shipping: 0,
    ...fields,
  };
}
