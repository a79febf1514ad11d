import { z } from 'zod';
import { adjusted, percent, type PricingRule } from './pricing-rule';

const args = z.strictObject({
  overstockDaysOfCover: z
    .int()
    .min(1)
    .max(3_650)
    .meta({ description: 'Mark down when stock covers more days of sales than this' }),
  overstockChangeBp: z.int().min(-9_900).max(0).meta({
    description: 'Change in basis points when overstocked (negative: markdown)',
    example: -1_000,
  }),
  clearanceBelowUnits: z
    .int()
    .min(0)
    .meta({ description: 'Units available below which the clearance change applies' }),
  clearanceChangeBp: z.int().min(-9_900).max(10_000).meta({
    description:
      'Change in basis points below the clearance threshold: negative clears the last units, positive prices scarcity',
    example: -3_000,
  }),
});

/** Markdown on overstock (days of cover) and the automatic change when stock runs low. */
export const stockRule: PricingRule<z.output<typeof args>> = {
  code: 'stock',
  description:
    'Markdown when stock covers too many days of sales; a configured change when few units are left',
  args,
  reactive: true,
  evaluate({ listPrice, signals }, a) {
    const stock = signals.stock;
    if (stock === undefined) return undefined;
    if (stock.available < a.clearanceBelowUnits)
      return {
        amount: adjusted(listPrice, a.clearanceChangeBp),
        explanation: `${stock.available} units available, below the clearance threshold of ${a.clearanceBelowUnits}: ${percent(a.clearanceChangeBp)}`,
      };
    const daily = signals.dailySales ?? 0;
    const cover = daily === 0 ? Infinity : stock.available / daily;
    if (cover > a.overstockDaysOfCover)
      return {
        amount: adjusted(listPrice, a.overstockChangeBp),
        explanation: `${stock.available} units cover ${Number.isFinite(cover) ? cover.toFixed(1) : 'unlimited'} days of sales (${daily.toFixed(2)}/day), above ${a.overstockDaysOfCover}: ${percent(a.overstockChangeBp)}`,
      };
    return undefined;
  },
};
