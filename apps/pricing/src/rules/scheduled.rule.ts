import { z } from 'zod';
import type { PricingRule } from './pricing-rule';

const stage = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  amount: z.int().min(0),
  label: z.string().min(1).max(200).optional(),
});

const args = z.strictObject({
  stages: z
    .array(stage)
    .min(1)
    .max(50)
    .refine(
      (stages) => stages.every((s) => Date.parse(s.to) > Date.parse(s.from)),
      'each stage must end after it starts',
    ),
});

/** Staged prices for a pre-sale or a campaign: the stage whose window holds the moment. */
export const scheduledRule: PricingRule<z.output<typeof args>> = {
  code: 'scheduled',
  description: 'Staged prices for a pre-sale or campaign, each for its window',
  args,
  reactive: false,
  evaluate({ at }, a) {
    const now = at.getTime();
    const current = a.stages.find((s) => Date.parse(s.from) <= now && now < Date.parse(s.to));
    if (current === undefined) return undefined;
    return {
      amount: current.amount,
      explanation: `stage ${current.label ?? ''} ${current.from} – ${current.to}`.replace(
        '  ',
        ' ',
      ),
    };
  },
};
