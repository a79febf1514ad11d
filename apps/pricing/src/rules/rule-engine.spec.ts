import { competitorRule } from './competitor.rule';
import { defaultRules } from './default-rules';
import { demandRule } from './demand.rule';
import { adjusted, type RuleInput } from './pricing-rule';
import { decideRules, type RuleContext } from './rule-engine';
import { scheduledRule } from './scheduled.rule';
import { stockRule } from './stock.rule';

const now = new Date('2026-06-18T12:00:00Z');
const input = (signals: Partial<RuleInput['signals']> = {}): RuleInput => ({
  sku: 'SKU-1',
  currency: 'CNY',
  listPrice: 10_000,
  signals: { competitors: [], ...signals },
  at: now,
});
const context = (overrides: Partial<RuleContext> = {}): RuleContext => ({
  registry: new Map(defaultRules.map((rule) => [rule.code, rule])),
  bounds: { floor: 8_000, ceiling: 12_000 },
  current: undefined,
  minIntervalMs: 300_000,
  now,
  ...overrides,
});
const competitorArgs = { beatBy: 100, maxAgeMinutes: 60, maxReduction: 5_000 };
const seen = (amount: number, minutesAgo = 5) => ({
  competitor: 'JD flagship',
  amount,
  currency: 'CNY',
  observedAt: new Date(now.getTime() - minutesAgo * 60_000),
});

describe('rules are plug-ins returning a proposal and an explanation', () => {
  it('adjusts by basis points in integer arithmetic, rounding half up', () => {
    expect(adjusted(10_000, -1_000)).toBe(9_000);
    expect(adjusted(999, -333)).toBe(966);
    expect(adjusted(9_007_199_254_740, 100)).toBe(9_097_271_247_287);
  });

  it('stock: markdown on too many days of cover, the clearance change below the threshold', () => {
    const args = {
      overstockDaysOfCover: 60,
      overstockChangeBp: -1_000,
      clearanceBelowUnits: 5,
      clearanceChangeBp: -3_000,
    };
    const stock = (available: number) => ({
      available,
      onHand: available,
      reserved: 0,
      inTransit: 0,
      locations: 1,
    });
    expect(stockRule.evaluate(input({ stock: stock(700), dailySales: 10 }), args)?.amount).toBe(
      9_000,
    );
    expect(stockRule.evaluate(input({ stock: stock(3), dailySales: 10 }), args)?.amount).toBe(
      7_000,
    );
    expect(stockRule.evaluate(input({ stock: stock(100), dailySales: 10 }), args)).toBeUndefined();
  });

  it('demand: against the SKU’s own hourly baseline', () => {
    const args = {
      metric: 'orders' as const,
      highRatio: 2,
      highChangeBp: 500,
      lowRatio: 0.5,
      lowChangeBp: -500,
      minBaseline: 1,
    };
    const demand = (orders: number) => ({
      current: { views: 0, carts: 0, orders },
      baseline: { views: 0, carts: 0, orders: 4 },
    });
    expect(demandRule.evaluate(input({ demand: demand(8) }), args)?.amount).toBe(10_500);
    expect(demandRule.evaluate(input({ demand: demand(2) }), args)?.amount).toBe(9_500);
    expect(demandRule.evaluate(input({ demand: demand(4) }), args)).toBeUndefined();
  });

  it('competitor: beats the lowest recent price by a set amount, by at most maxReduction', () => {
    expect(
      competitorRule.evaluate(input({ competitors: [seen(9_500), seen(9_700)] }), competitorArgs)
        ?.amount,
    ).toBe(9_400);
    expect(
      competitorRule.evaluate(input({ competitors: [seen(9_500, 120)] }), competitorArgs),
    ).toBeUndefined();
    expect(
      competitorRule.evaluate(input({ competitors: [seen(1_000)] }), competitorArgs)?.amount,
    ).toBe(5_000);
    expect(
      competitorRule.evaluate(input({ competitors: [seen(11_000)] }), competitorArgs),
    ).toBeUndefined();
  });

  it('scheduled: the stage whose window holds the moment', () => {
    const args = {
      stages: [
        {
          from: '2026-06-01T00:00:00Z',
          to: '2026-06-18T00:00:00Z',
          amount: 9_900,
          label: 'pre-sale',
        },
        { from: '2026-06-18T00:00:00Z', to: '2026-06-19T00:00:00Z', amount: 8_800, label: '618' },
      ],
    };
    expect(scheduledRule.evaluate(input(), args)?.amount).toBe(8_800);
    expect(
      scheduledRule.evaluate({ ...input(), at: new Date('2026-06-20T00:00:00Z') }, args),
    ).toBeUndefined();
  });
});

describe('the rule engine clamps, rate-limits and explains', () => {
  const competitor = { id: 'r1', rule: 'competitor', args: competitorArgs, priority: 1 };

  it('yields the floor for a competitor price below it, marked as clamped', () => {
    const { decision } = decideRules(
      [competitor],
      input({ competitors: [seen(6_000)] }),
      context(),
    );
    expect(decision).toMatchObject({
      kind: 'apply',
      proposed: 5_900,
      amount: 8_000,
      clamped: 'floor',
    });
    expect(decision.explanation).toContain('clamped to the floor 8000');
  });

  it('takes the first rule by priority that proposes a price, and says what each rule did', () => {
    const stock = {
      id: 'r0',
      rule: 'stock',
      args: {
        overstockDaysOfCover: 60,
        overstockChangeBp: -1_000,
        clearanceBelowUnits: 0,
        clearanceChangeBp: 0,
      },
      priority: 0,
    };
    const outcome = decideRules(
      [competitor, stock],
      input({ competitors: [seen(9_500)] }),
      context(),
    );
    expect(outcome.evaluations.map((e) => [e.code, e.proposal?.amount])).toEqual([
      ['stock', undefined],
      ['competitor', 9_400],
    ]);
    expect(outcome.decision).toMatchObject({
      kind: 'apply',
      ruleId: 'r1',
      amount: 9_400,
      clamped: null,
    });
  });

  it('holds back a change sooner than the minimum interval after the last one', () => {
    const current = { amount: 9_400, ruleId: 'r1', decidedAt: new Date(now.getTime() - 60_000) };
    const { decision } = decideRules(
      [competitor],
      input({ competitors: [seen(9_000)] }),
      context({ current }),
    );
    expect(decision).toMatchObject({ kind: 'rate-limited', wanted: 8_900 });
    const later = decideRules(
      [competitor],
      input({ competitors: [seen(9_000)] }),
      context({ current, now: new Date(now.getTime() + 300_000) }),
    );
    expect(later.decision.kind).toBe('apply');
  });

  it('never holds back a scheduled stage starting or ending: it is planned, not flapping', () => {
    const stages = {
      stages: [{ from: '2026-06-18T11:59:00Z', to: '2026-06-18T13:00:00Z', amount: 8_800 }],
    };
    const scheduled = { id: 's1', rule: 'scheduled', args: stages, priority: 0 };
    const justChanged = { amount: 9_400, ruleId: 'r1', decidedAt: new Date(now.getTime() - 1_000) };
    expect(
      decideRules([competitor, scheduled], input(), context({ current: justChanged })).decision,
    ).toMatchObject({
      kind: 'apply',
      amount: 8_800,
    });
    const stageSet = { amount: 8_800, ruleId: 's1', decidedAt: new Date(now.getTime() - 1_000) };
    const after = { ...input(), at: new Date('2026-06-18T13:00:00Z') };
    expect(decideRules([scheduled], after, context({ current: stageSet })).decision.kind).toBe(
      'clear',
    );
  });

  it('changes nothing when the price would stay, and clears the rule price when no rule proposes one', () => {
    const current = { amount: 9_400, ruleId: 'r1', decidedAt: new Date(0) };
    expect(
      decideRules([competitor], input({ competitors: [seen(9_500)] }), context({ current }))
        .decision.kind,
    ).toBe('unchanged');
    expect(decideRules([competitor], input(), context({ current })).decision.kind).toBe('clear');
  });

  it('skips a SKU without floor and ceiling, and reports a rule it does not know', () => {
    const outcome = decideRules(
      [{ id: 'x', rule: 'astrology', args: {}, priority: 0 }],
      input(),
      context({ bounds: undefined }),
    );
    expect(outcome.decision.kind).toBe('skipped');
    expect(outcome.evaluations[0].error).toBe('unknown rule');
  });
});
