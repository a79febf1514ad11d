import { z } from 'zod';
import { LIFECYCLE_STAGES } from '../customer-facts';

type TraitValue = string | number | boolean;

/** What a segment rule can look at: the insights crm computes for a customer, and its traits. */
export type SegmentSubject = {
  lifecycle: string;
  valueTier: string | null;
  churnReason: string | null;
  rfm: { r: number; f: number; m: number } | null;
  orders: number;
  netSpendMinor: number;
  clvPredictedMinor: number;
  daysSinceActivity: number;
  /** Profile traits as merged by their strategies (`union` ones are lists). */
  traits: Readonly<Record<string, TraitValue | TraitValue[]>>;
};

const NUMERIC_FIELDS = {
  'rfm.r': (s: SegmentSubject) => s.rfm?.r ?? null,
  'rfm.f': (s: SegmentSubject) => s.rfm?.f ?? null,
  'rfm.m': (s: SegmentSubject) => s.rfm?.m ?? null,
  orders: (s: SegmentSubject) => s.orders,
  netSpendMinor: (s: SegmentSubject) => s.netSpendMinor,
  clvPredictedMinor: (s: SegmentSubject) => s.clvPredictedMinor,
  daysSinceActivity: (s: SegmentSubject) => s.daysSinceActivity,
} as const;

const TEXT_FIELDS = {
  lifecycle: { values: LIFECYCLE_STAGES, read: (s: SegmentSubject) => s.lifecycle },
  valueTier: { values: ['high', 'mid', 'low'], read: (s: SegmentSubject) => s.valueTier },
  churnReason: {
    values: ['price-sensitive', 'dissatisfied', 'needs-changed'],
    read: (s: SegmentSubject) => s.churnReason,
  },
} as const;

type NumericField = keyof typeof NUMERIC_FIELDS;
type TextField = keyof typeof TEXT_FIELDS;

const numericCondition = z.strictObject({
  field: z.enum(Object.keys(NUMERIC_FIELDS) as [NumericField, ...NumericField[]]),
  op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte']),
  value: z.number().finite(),
});

const textCondition = z
  .strictObject({
    field: z.enum(Object.keys(TEXT_FIELDS) as [TextField, ...TextField[]]),
    op: z.enum(['eq', 'neq', 'in']),
    value: z.union([z.string(), z.array(z.string()).min(1).max(20)]),
  })
  .superRefine((condition, ctx) => {
    const values = [condition.value].flat();
    if ((condition.op === 'in') !== Array.isArray(condition.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message:
          condition.op === 'in' ? 'in takes a list of values' : `${condition.op} takes one value`,
      });
    }
    const allowed: readonly string[] = TEXT_FIELDS[condition.field].values;
    for (const value of values) {
      if (!allowed.includes(value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `${condition.field} is one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`,
        });
      }
    }
  });

const traitScalar = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

/** A condition on a profile trait: `traits.<name>`; a list trait matches when any value does. */
const traitCondition = z
  .strictObject({
    field: z
      .string()
      .regex(
        /^traits\.[A-Za-z0-9_-]{1,64}$/,
        'a trait is named traits.<name> (letters, digits, _ or -)',
      ),
    op: z.enum(['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte']),
    value: z.union([traitScalar, z.array(traitScalar).min(1).max(20)]),
  })
  .superRefine((condition, ctx) => {
    const list = Array.isArray(condition.value);
    const numeric = ['gt', 'gte', 'lt', 'lte'].includes(condition.op);
    const problem =
      condition.op === 'in'
        ? list
          ? null
          : 'in takes a list of values'
        : list
          ? `${condition.op} takes one value`
          : numeric && typeof condition.value !== 'number'
            ? `${condition.op} compares numbers`
            : null;
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

type TraitCondition = z.infer<typeof traitCondition>;

export type SegmentRule =
  | z.infer<typeof numericCondition>
  | z.infer<typeof textCondition>
  | TraitCondition
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule };

const MAX_DEPTH = 6;

/** A JSON rule tree: conditions combined with all / any / not, at most six levels deep. */
export const segmentRuleSchema: z.ZodType<SegmentRule> = z
  .lazy(() =>
    z.union([
      numericCondition,
      textCondition,
      traitCondition,
      z.strictObject({ all: z.array(segmentRuleSchema).min(1).max(20) }),
      z.strictObject({ any: z.array(segmentRuleSchema).min(1).max(20) }),
      z.strictObject({ not: segmentRuleSchema }),
    ]),
  )
  .superRefine((rule, ctx) => {
    if (depthOf(rule) > MAX_DEPTH) {
      ctx.addIssue({ code: 'custom', message: `a rule may nest at most ${MAX_DEPTH} levels` });
    }
  });

function depthOf(rule: SegmentRule): number {
  if ('all' in rule) return 1 + Math.max(...rule.all.map(depthOf));
  if ('any' in rule) return 1 + Math.max(...rule.any.map(depthOf));
  if ('not' in rule) return 1 + depthOf(rule.not);
  return 1;
}

export type RuleResult = { matches: boolean; explanation: string };

const compare = {
  eq: (a: number, b: number) => a === b,
  neq: (a: number, b: number) => a !== b,
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
};

/** Whether a rule looks at profile traits anywhere in it (`traits.<name>`). */
export function usesTraits(rule: SegmentRule): boolean {
  if ('all' in rule) return rule.all.some(usesTraits);
  if ('any' in rule) return rule.any.some(usesTraits);
  if ('not' in rule) return usesTraits(rule.not);
  return rule.field.startsWith('traits.');
}

/** Whether a customer matches a rule, and why. */
export function evaluateRule(rule: SegmentRule, subject: SegmentSubject): RuleResult {
  if ('all' in rule) {
    const results = rule.all.map((r) => evaluateRule(r, subject));
    const failed = results.find((r) => !r.matches);
    return failed
      ? { matches: false, explanation: failed.explanation }
      : { matches: true, explanation: results.map((r) => r.explanation).join(' and ') };
  }
  if ('any' in rule) {
    const results = rule.any.map((r) => evaluateRule(r, subject));
    const passed = results.find((r) => r.matches);
    return passed
      ? { matches: true, explanation: passed.explanation }
      : { matches: false, explanation: results.map((r) => r.explanation).join(' and ') };
  }
  if ('not' in rule) {
    const inner = evaluateRule(rule.not, subject);
    return { matches: !inner.matches, explanation: `not (${inner.explanation})` };
  }
  if (rule.field.startsWith('traits.')) return evaluateTrait(rule as TraitCondition, subject);
  if (rule.field in NUMERIC_FIELDS) {
    const { field, op, value } = rule as z.infer<typeof numericCondition>;
    const actual = NUMERIC_FIELDS[field](subject);
    const matches = actual !== null && compare[op](actual, value);
    return { matches, explanation: `${field} is ${actual ?? 'unknown'} (${op} ${value})` };
  }
  const { field, op, value } = rule as z.infer<typeof textCondition>;
  const actual = TEXT_FIELDS[field].read(subject);
  const matches =
    op === 'in'
      ? actual !== null && [value].flat().includes(actual)
      : op === 'eq'
        ? actual === value
        : actual !== value;
  return {
    matches,
    explanation: `${field} is ${actual ?? 'unknown'} (${op} ${JSON.stringify(value)})`,
  };
}

function evaluateTrait({ field, op, value }: TraitCondition, subject: SegmentSubject): RuleResult {
  const actual = subject.traits[field.slice('traits.'.length)];
  const values: TraitValue[] = actual === undefined ? [] : [actual].flat();
  let matches: boolean;
  if (op === 'in') matches = values.some((v) => (value as TraitValue[]).includes(v));
  else if (op === 'eq') matches = values.includes(value as TraitValue);
  else if (op === 'neq') matches = !values.includes(value as TraitValue);
  else matches = values.some((v) => typeof v === 'number' && compare[op](v, value as number));
  return {
    matches,
    explanation: `${field} is ${actual === undefined ? 'unset' : JSON.stringify(actual)} (${op} ${JSON.stringify(value)})`,
  };
}
