import { competitorRule } from './competitor.rule';
import { demandRule } from './demand.rule';
import type { RegisteredRule } from './pricing-rule';
import { scheduledRule } from './scheduled.rule';
import { stockRule } from './stock.rule';

/** The rules pricing ships with, handed to the engine through the PRICING_RULES provider. */
export const defaultRules: readonly RegisteredRule[] = [
  stockRule,
  demandRule,
  competitorRule,
  scheduledRule,
];

export const PRICING_RULES = Symbol('PRICING_RULES');
