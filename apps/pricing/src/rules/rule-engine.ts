import type { RegisteredRule, RuleInput, RuleProposal } from './pricing-rule';
import type { PricingRuleEntity } from './pricing-rule.entity';

export type AttachedRule = Pick<PricingRuleEntity, 'id' | 'rule' | 'args' | 'priority'>;

export type CurrentRulePrice = { amount: number; ruleId: string; decidedAt: Date };

export type RuleEvaluation = {
  ruleId: string;
  code: string;
  proposal?: RuleProposal;
  error?: string;
};

export type RuleDecision =
  | {
      kind: 'apply';
      ruleId: string;
      code: string;
      proposed: number;
      amount: number;
      clamped: 'floor' | 'ceiling' | null;
      explanation: string;
    }
  | { kind: 'clear'; explanation: string }
  | { kind: 'unchanged'; explanation: string }
  | { kind: 'rate-limited'; wanted: number | null; nextAllowedAt: string; explanation: string }
  | { kind: 'skipped'; explanation: string };

export type RuleOutcome = { evaluations: RuleEvaluation[]; decision: RuleDecision };

export type RuleContext = {
  registry: ReadonlyMap<string, RegisteredRule>;
  bounds: { floor: number; ceiling: number } | undefined;
  current: CurrentRulePrice | undefined;
  minIntervalMs: number;
  now: Date;
};

/**
 * What a SKU's rules (on one channel) do now: the first rule by priority with a proposal wins,
 * clamped to [floor, ceiling]; no proposal clears the rule price (the list price stands); a
 * change sooner than `minIntervalMs` after the last one is held back (no flapping). Pure.
 */
export function decideRules(
  rules: readonly AttachedRule[],
  input: RuleInput,
  context: RuleContext,
): RuleOutcome {
  const evaluations: RuleEvaluation[] = [...rules]
    .sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id))
    .map(({ id: ruleId, rule: code, args }) => {
      const plugin = context.registry.get(code);
      if (plugin === undefined) return { ruleId, code, error: 'unknown rule' };
      const parsed = plugin.args.safeParse(args);
      if (!parsed.success) return { ruleId, code, error: 'invalid arguments' };
      return { ruleId, code, proposal: plugin.evaluate(input, parsed.data as never) };
    });
  const bounds = context.bounds;
  if (bounds === undefined)
    return {
      evaluations,
      decision: {
        kind: 'skipped',
        explanation: 'no floor and ceiling: set the SKU settings first',
      },
    };
  const winner = evaluations.find((evaluation) => evaluation.proposal !== undefined);
  const { current } = context;
  let decision: RuleDecision;
  if (winner?.proposal === undefined) {
    decision =
      current === undefined
        ? { kind: 'unchanged', explanation: 'no rule proposes a price; the list price stands' }
        : {
            kind: 'clear',
            explanation: 'no rule proposes a price any more; back to the list price',
          };
  } else {
    const proposed = winner.proposal.amount;
    const amount = Math.min(Math.max(proposed, bounds.floor), bounds.ceiling);
    const clamped = amount > proposed ? 'floor' : amount < proposed ? 'ceiling' : null;
    decision =
      current !== undefined && current.amount === amount
        ? { kind: 'unchanged', explanation: `${winner.code} keeps ${amount}` }
        : {
            kind: 'apply',
            ruleId: winner.ruleId,
            code: winner.code,
            proposed,
            amount,
            clamped,
            explanation: `${winner.code}: ${winner.proposal.explanation}${clamped === null ? '' : `; ${proposed} clamped to the ${clamped} ${amount}`}`,
          };
  }
  // Planned prices (a scheduled stage starting or ending) are not flapping: never held back.
  const codeOf = (ruleId: string) => rules.find((rule) => rule.id === ruleId)?.rule;
  const planned = (code: string | undefined) =>
    code !== undefined && context.registry.get(code)?.reactive === false;
  const exempt =
    (decision.kind === 'apply' && planned(decision.code)) ||
    (decision.kind === 'clear' && current !== undefined && planned(codeOf(current.ruleId)));
  if (
    (decision.kind === 'apply' || decision.kind === 'clear') &&
    current !== undefined &&
    !exempt
  ) {
    const nextAllowed = current.decidedAt.getTime() + context.minIntervalMs;
    if (context.now.getTime() < nextAllowed)
      return {
        evaluations,
        decision: {
          kind: 'rate-limited',
          wanted: decision.kind === 'apply' ? decision.amount : null,
          nextAllowedAt: new Date(nextAllowed).toISOString(),
          explanation: `${decision.explanation}; held back: the last rule change was at ${current.decidedAt.toISOString()}`,
        },
      };
  }
  return { evaluations, decision };
}
