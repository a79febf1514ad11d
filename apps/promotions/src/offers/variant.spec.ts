import fc from 'fast-check';
import { assignVariant, matchesTrigger } from './variant';

describe('assignVariant', () => {
  const variants = [
    { name: 'coupon-20', weight: 50 },
    { name: 'gift', weight: 50 },
  ];

  it('always gives the same customer the same variant of an experiment (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        (experiment, customer) => {
          expect(assignVariant(experiment, customer, variants)).toBe(
            assignVariant(experiment, customer, variants),
          );
        },
      ),
    );
  });

  it('splits customers roughly by weight', () => {
    const counts = { 'coupon-20': 0, gift: 0 } as Record<string, number>;
    for (let index = 0; index < 4000; index += 1)
      counts[assignVariant('exp', `cus-${index}`, variants)]! += 1;
    expect(counts['coupon-20']).toBeGreaterThan(1800);
    expect(counts['gift']).toBeGreaterThan(1800);
    expect(
      assignVariant('exp', 'cus-1', [
        { name: 'only', weight: 1 },
        { name: 'never', weight: 0 },
      ]),
    ).toBe('only');
  });

  it('refuses an experiment without weight', () => {
    expect(() => assignVariant('exp', 'cus', [{ name: 'a', weight: 0 }])).toThrow(RangeError);
  });
});

describe('matchesTrigger', () => {
  it('holds when every listed criterion holds, and ignores criteria not listed', () => {
    const fired = {
      lifecycleStage: 'churned-short',
      valueTier: 'high',
      churnReason: 'price-sensitive',
    };
    expect(
      matchesTrigger({ valueTiers: ['high'], lifecycleStages: ['churned-short'] }, fired),
    ).toBe(true);
    expect(matchesTrigger({}, fired)).toBe(true);
    expect(matchesTrigger({ valueTiers: ['mid'] }, fired)).toBe(false);
    expect(matchesTrigger({ churnReasons: ['dissatisfied'] }, fired)).toBe(false);
    expect(matchesTrigger({ segments: ['vip'] }, { ...fired, segments: ['vip', 'x'] })).toBe(true);
    expect(matchesTrigger({ segments: ['vip'] }, fired)).toBe(false);
  });
});
