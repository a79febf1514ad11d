import { evaluateRule, segmentRuleSchema, usesTraits, type SegmentSubject } from './segment-rule';

const subject: SegmentSubject = {
  lifecycle: 'churned-short',
  valueTier: 'high',
  churnReason: 'price-sensitive',
  rfm: { r: 2, f: 4, m: 5 },
  orders: 6,
  netSpendMinor: 420_000,
  clvPredictedMinor: 80_000,
  daysSinceActivity: 70,
  traits: { city: 'Hangzhou', age: 34, vip: true, interests: ['skincare', 'fragrance'] },
};

describe('segment rules', () => {
  const vipSlipping = segmentRuleSchema.parse({
    all: [
      { field: 'valueTier', op: 'eq', value: 'high' },
      { field: 'lifecycle', op: 'in', value: ['at-risk', 'churned-short'] },
      { not: { field: 'rfm.f', op: 'lt', value: 3 } },
    ],
  });

  it('a high-value customer slipping away matches, and the explanation says why', () => {
    const result = evaluateRule(vipSlipping, subject);
    expect(result.matches).toBe(true);
    expect(result.explanation).toContain('valueTier is high');
  });

  it('one failing condition fails an all, and its explanation is the failing one', () => {
    const result = evaluateRule(vipSlipping, { ...subject, valueTier: 'mid' });
    expect(result).toEqual({ matches: false, explanation: 'valueTier is mid (eq "high")' });
  });

  it('any matches when one branch does; a customer without RFM never matches an RFM condition', () => {
    const rule = segmentRuleSchema.parse({
      any: [
        { field: 'rfm.m', op: 'gte', value: 4 },
        { field: 'orders', op: 'gt', value: 10 },
      ],
    });
    expect(evaluateRule(rule, subject).matches).toBe(true);
    expect(evaluateRule(rule, { ...subject, rfm: null }).matches).toBe(false);
  });

  it.each([
    ['an unknown field', { field: 'shoeSize', op: 'eq', value: 42 }],
    ['an unknown lifecycle stage', { field: 'lifecycle', op: 'eq', value: 'asleep' }],
    ['in with one value', { field: 'lifecycle', op: 'in', value: 'new' }],
    ['a numeric op on text', { field: 'valueTier', op: 'gt', value: 'mid' }],
    ['an empty all', { all: [] }],
    [
      'nesting deeper than six levels',
      { not: { not: { not: { not: { not: { not: { field: 'orders', op: 'gt', value: 1 } } } } } } },
    ],
  ])('refuses %s', (_case, rule) => {
    expect(segmentRuleSchema.safeParse(rule).success).toBe(false);
  });
});

describe('segment rules over profile traits', () => {
  const matches = (rule: unknown, over: Partial<SegmentSubject> = {}) =>
    evaluateRule(segmentRuleSchema.parse(rule), { ...subject, ...over }).matches;

  it.each([
    [{ field: 'traits.city', op: 'eq', value: 'Hangzhou' }, true],
    [{ field: 'traits.city', op: 'eq', value: 'Shanghai' }, false],
    [{ field: 'traits.city', op: 'neq', value: 'Shanghai' }, true],
    [{ field: 'traits.city', op: 'in', value: ['Shanghai', 'Hangzhou'] }, true],
    [{ field: 'traits.age', op: 'gte', value: 30 }, true],
    [{ field: 'traits.age', op: 'lt', value: 30 }, false],
    [{ field: 'traits.vip', op: 'eq', value: true }, true],
    [{ field: 'traits.interests', op: 'eq', value: 'fragrance' }, true],
    [{ field: 'traits.interests', op: 'in', value: ['haircare'] }, false],
    // A text trait never compares as a number; an unset trait matches only neq.
    [{ field: 'traits.city', op: 'gt', value: 1 }, false],
    [{ field: 'traits.gender', op: 'eq', value: 'female' }, false],
    [{ field: 'traits.gender', op: 'neq', value: 'female' }, true],
  ])('%j → %s', (rule, expected) => {
    expect(matches(rule)).toBe(expected);
  });

  it('combines with insights conditions and says which trait failed', () => {
    const rule = segmentRuleSchema.parse({
      all: [
        { field: 'valueTier', op: 'eq', value: 'high' },
        { field: 'traits.city', op: 'eq', value: 'Hangzhou' },
      ],
    });
    expect(evaluateRule(rule, { ...subject, traits: { city: 'Beijing' } })).toEqual({
      matches: false,
      explanation: 'traits.city is "Beijing" (eq "Hangzhou")',
    });
  });

  it.each([
    ['a name that is not traits.<name>', { field: 'traits.', op: 'eq', value: 'x' }],
    ['a name with a dot in it', { field: 'traits.a.b', op: 'eq', value: 'x' }],
    ['in with one value', { field: 'traits.city', op: 'in', value: 'Hangzhou' }],
    ['eq with a list', { field: 'traits.city', op: 'eq', value: ['Hangzhou'] }],
    ['gt with text', { field: 'traits.age', op: 'gt', value: '30' }],
    ['an object value', { field: 'traits.city', op: 'eq', value: { a: 1 } }],
    ['an unknown operator', { field: 'traits.city', op: 'like', value: 'H%' }],
  ])('refuses %s', (_what, rule) => {
    expect(segmentRuleSchema.safeParse(rule).success).toBe(false);
  });

  it('a rule looks at traits when any condition in it does, however deep; otherwise not', () => {
    const parse = (rule: unknown) => segmentRuleSchema.parse(rule);
    const city = { field: 'traits.city', op: 'eq', value: 'Hangzhou' };
    const tier = { field: 'valueTier', op: 'eq', value: 'high' };
    expect(usesTraits(parse(city))).toBe(true);
    expect(usesTraits(parse({ all: [tier, { any: [tier, { not: city }] }] }))).toBe(true);
    expect(usesTraits(parse({ all: [tier, { any: [tier, { not: tier }] }] }))).toBe(false);
    expect(usesTraits(parse(tier))).toBe(false);
  });
});
