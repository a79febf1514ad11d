import type { z } from 'zod';
import type { RegisteredAction, RegisteredCondition } from './promotion-rule';
import type { PromotionDefinition, RuleRef } from './types';

export type RuleProblem = { path: string; message: string };

export type CompiledRule<R> = { rule: R; args: unknown };

/** The rules a promotion was compiled from, as stored: what another thread compiles it again from. */
export type RuleRefs = { conditions: readonly RuleRef[]; actions: readonly RuleRef[] };

// Keyed by the compiled conditions array, which a promotion copied with other budget, units or
// availability keeps, so every copy of a compiled promotion finds its rules.
const sources = new WeakMap<object, RuleRefs & { compiledActions: object }>();

/** The rules `RuleRegistry.compile` compiled a promotion from; undefined for one it did not. */
export function ruleRefsOf(promotion: CompiledPromotion): RuleRefs | undefined {
  const source = sources.get(promotion.conditions);
  return source?.compiledActions === promotion.actions ? source : undefined;
}

/** A promotion whose rules were looked up and whose arguments were parsed, ready to evaluate. */
export type CompiledPromotion = Omit<PromotionDefinition, 'conditions' | 'actions'> & {
  conditions: readonly CompiledRule<RegisteredCondition>[];
  actions: readonly CompiledRule<RegisteredAction>[];
};

/** The registered conditions and actions; promotions are checked and compiled against it. */
export class RuleRegistry {
  private readonly conditions: ReadonlyMap<string, RegisteredCondition>;
  private readonly actions: ReadonlyMap<string, RegisteredAction>;

  constructor(conditions: readonly RegisteredCondition[], actions: readonly RegisteredAction[]) {
    this.conditions = new Map(conditions.map((rule) => [rule.code, rule]));
    this.actions = new Map(actions.map((rule) => [rule.code, rule]));
  }

  describe(): { conditions: RuleDescription[]; actions: RuleDescription[] } {
    const describe = (rule: RegisteredCondition | RegisteredAction) => ({
      code: rule.code,
      description: rule.description,
    });
    return {
      conditions: [...this.conditions.values()].map(describe),
      actions: [...this.actions.values()].map(describe),
    };
  }

  /** Every problem with a promotion's rules: unknown codes and invalid arguments, with paths. */
  check(promotion: Pick<PromotionDefinition, 'conditions' | 'actions'>): RuleProblem[] {
    const problems: RuleProblem[] = [];
    if (promotion.actions.length === 0)
      problems.push({ path: 'actions', message: 'expected at least one action' });
    const checkAll = (kind: 'conditions' | 'actions', refs: readonly RuleRef[]) =>
      refs.forEach((ref, index) => {
        const rule = (kind === 'conditions' ? this.conditions : this.actions).get(ref.code);
        if (rule === undefined) {
          problems.push({
            path: `${kind}.${index}.code`,
            message: `unknown ${kind.slice(0, -1)} "${ref.code}"`,
          });
          return;
        }
        const parsed = rule.args.safeParse(ref.args);
        if (!parsed.success) problems.push(...issuesOf(parsed.error, `${kind}.${index}.args`));
      });
    checkAll('conditions', promotion.conditions);
    checkAll('actions', promotion.actions);
    return problems;
  }

  /** Compiles a promotion that passed `check`; throws on one that did not. */
  compile(promotion: PromotionDefinition): CompiledPromotion {
    const problems = this.check(promotion);
    if (problems.length > 0)
      throw new Error(
        `promotion ${promotion.id}: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
      );
    const conditions = promotion.conditions.map((ref) =>
      compiled(this.conditions.get(ref.code)!, ref),
    );
    const actions = promotion.actions.map((ref) => compiled(this.actions.get(ref.code)!, ref));
    sources.set(conditions, {
      conditions: promotion.conditions,
      actions: promotion.actions,
      compiledActions: actions,
    });
    return { ...promotion, conditions, actions };
  }
}

export type RuleDescription = { code: string; description: string };

function compiled<R extends { args: z.ZodType }>(rule: R, ref: RuleRef): CompiledRule<R> {
  return { rule, args: rule.args.parse(ref.args) };
}

function issuesOf(error: z.ZodError, prefix: string): RuleProblem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}
