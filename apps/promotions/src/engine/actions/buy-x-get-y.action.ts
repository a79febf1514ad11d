import { z } from 'zod';
import {
  describeScopedLines,
  scopeArgs,
  scopedLines,
  type PromotionAction,
} from '../promotion-rule';

const args = z.strictObject({
  buy: z.number().int().min(1).max(1000),
  get: z.number().int().min(1).max(1000),
  /** At most this many free units per cart. */
  maxFree: z.number().int().min(1).max(100_000).optional(),
  ...scopeArgs,
});

/**
 * For every `buy + get` scoped units, the `get` cheapest are free. A line's units share its
 * running amount (the last `amount % quantity` units one minor unit more), and equal units
 * are ordered by line id, so the choice never depends on the order of the lines.
 */
export const buyXGetYAction: PromotionAction<z.infer<typeof args>> = {
  code: 'buy-x-get-y',
  description: 'For every `buy` + `get` scoped units the `get` cheapest units are free.',
  args,
  apply(context, { buy, get, maxFree, ...scope }) {
    const units: { lineId: string; amount: number }[] = [];
    const scoped = scopedLines(context, scope);
    for (const line of scoped) {
      const base = Math.floor(line.amount / line.quantity);
      const extra = line.amount % line.quantity;
      // The cheaper units of a line come first.
      for (let index = 0; index < line.quantity; index += 1)
        units.push({
          lineId: line.lineId,
          amount: base + (index >= line.quantity - extra ? 1 : 0),
        });
    }
    const eligible = Math.floor(units.length / (buy + get)) * get;
    const free = Math.min(eligible, maxFree ?? eligible);
    units.sort(
      (a, b) => a.amount - b.amount || (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0),
    );
    const lineDiscounts = new Map<string, number>();
    for (const unit of units.slice(0, free))
      lineDiscounts.set(unit.lineId, (lineDiscounts.get(unit.lineId) ?? 0) + unit.amount);
    const freeLines = [...lineDiscounts.keys()];
    return {
      lineDiscounts,
      ...(free === 0
        ? {
            unmet:
              units.length === 0 ? ('no-qualifying-items' as const) : ('below-threshold' as const),
          }
        : {}),
      explanation:
        free === 0
          ? `buy ${buy} get ${get}: ${units.length} units of ${describeScopedLines(scoped, scope)}, not enough`
          : `buy ${buy} get ${get}: ${free} cheapest of ${units.length} units of ${describeScopedLines(scoped, scope)} free (${freeLines.length === 1 ? 'line' : 'lines'} ${freeLines.join(', ')})`,
    };
  },
};
