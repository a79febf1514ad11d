import { z } from 'zod';
import type { PricingRule } from './pricing-rule';

const args = z.strictObject({
  beatBy: z
    .int()
    .min(0)
    .default(0)
    .meta({ description: 'Minor units below the competitor (0: match)' }),
  maxAgeMinutes: z
    .int()
    .min(1)
    .max(43_200)
    .meta({ description: 'Only observations this recent count' }),
  maxReduction: z
    .int()
    .min(0)
    .meta({ description: 'At most this many minor units below the list price' }),
  competitors: z
    .array(z.string().min(1).max(200))
    .max(50)
    .optional()
    .meta({ description: 'Only these competitors (default: all)' }),
});

/** Match or beat the lowest recent competitor price, by at most a set amount below the list price. */
export const competitorRule: PricingRule<z.output<typeof args>> = {
  code: 'competitor',
  description:
    'Match or beat the lowest competitor price seen within a time limit, by at most a set amount',
  args,
  reactive: true,
  evaluate({ listPrice, currency, signals, at }, a) {
    const since = at.getTime() - a.maxAgeMinutes * 60_000;
    const recent = signals.competitors.filter(
      (seen) =>
        seen.currency === currency &&
        seen.observedAt.getTime() >= since &&
        (a.competitors === undefined || a.competitors.includes(seen.competitor)),
    );
    if (recent.length === 0) return undefined;
    const lowest = recent.reduce((low, seen) => (seen.amount < low.amount ? seen : low));
    const target = lowest.amount - a.beatBy;
    if (target >= listPrice) return undefined;
    const amount = Math.max(target, listPrice - a.maxReduction);
    return {
      amount,
      explanation: `${lowest.competitor} at ${lowest.amount} (seen ${lowest.observedAt.toISOString()}): ${a.beatBy === 0 ? 'match' : `beat by ${a.beatBy}`}${amount > target ? `, held at the list price less at most ${a.maxReduction}` : ''}`,
    };
  },
};
