import type { Provider } from '@nestjs/common';
import { defaultActions, defaultConditions, RuleRegistry } from '../engine';

export const RULE_REGISTRY = Symbol('RULE_REGISTRY');

/** The registered conditions and actions; a new rule is added to the defaults, not switched on. */
export const ruleRegistryProvider: Provider = {
  provide: RULE_REGISTRY,
  useFactory: () => new RuleRegistry(defaultConditions, defaultActions),
};
