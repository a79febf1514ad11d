import { z } from 'zod';
import { adjusted, percent, type PricingRule } from './pricing-rule';

const args = z.strictObject({
  metric: z.enum(['views', 'carts', 'orders']).default('orders'),
  highRatio: z.number().min(1).max(100).meta({
    description: 'Current hour over the hourly baseline at or above which the price rises',
    example: 2,
  }),
  highChangeBp: z.int().min(0).max(10_000).meta({ example: 500 }),
  lowRatio: z
    .number()
    .min(0)
    .max(1)
    .meta({ description: 'Ratio at or below which the price falls', example: 0.5 }),
  lowChangeBp: z.int().min(-9_900).max(0).meta({ example: -500 }),
  minBaseline: z
    .number()
    .min(0)
    .default(1)
    .meta({ description: 'Hourly baseline below which demand is not judged (too little data)' }),
});

/** Views, carts or orders this hour against the SKU's own hourly baseline. */
export const demandRule: PricingRule<z.output<typeof args>> = {
  code: 'demand',
  description:
    "Raise or lower the price when this hour's views, carts or orders depart from the SKU's own hourly baseline",
  args,
  reactive: true,
  evaluate({ listPrice, signals }, a) {
    const demand = signals.demand;
    if (demand === undefined) return undefined;
    const baseline = demand.baseline[a.metric];
    if (baseline < a.minBaseline || baseline === 0) return undefined;
    const ratio = demand.current[a.metric] / baseline;
    const what = `${demand.current[a.metric]} ${a.metric} this hour against a baseline of ${baseline.toFixed(2)}/hour (×${ratio.toFixed(2)})`;
    if (ratio >= a.highRatio)
      return {
        amount: adjusted(listPrice, a.highChangeBp),
        explanation: `${what}: ${percent(a.highChangeBp)}`,
      };
    if (ratio <= a.lowRatio)
      return {
        amount: adjusted(listPrice, a.lowChangeBp),
        explanation: `${what}: ${percent(a.lowChangeBp)}`,
      };
    return undefined;
  },
};
