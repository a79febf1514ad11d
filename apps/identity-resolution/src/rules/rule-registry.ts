import { blockedValueRule } from './blocked-value.rule';
import type { IdentifierRule, JoinRule } from './identity-rule';
import { limitRule } from './limit.rule';
import { strongConflictRule } from './strong-conflict.rule';

/** The registered rules, applied in this order. A new rule is one module and one line here. */
export type RuleSet = {
  identifierRules: readonly IdentifierRule[];
  joinRules: readonly JoinRule[];
};

export const DEFAULT_RULES: RuleSet = {
  identifierRules: [blockedValueRule],
  // Conflicts first, so two memberIds are reported for review rather than as a plain limit.
  joinRules: [strongConflictRule, limitRule],
};
