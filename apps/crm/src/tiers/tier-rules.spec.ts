import {
  decideTier,
  DEFAULT_TIER_THRESHOLDS,
  DEFAULT_TIER_WEIGHTS,
  qualifiedTier,
  tierScore,
} from './tier-rules';

const policy = {
  windowDays: 365,
  weights: DEFAULT_TIER_WEIGHTS,
  thresholds: DEFAULT_TIER_THRESHOLDS,
};

describe('tier rules', () => {
  it('scores points, paid orders and engagement by their weights', () => {
    expect(tierScore({ points: 1_000, orders: 3, engagement: 5 }, DEFAULT_TIER_WEIGHTS)).toBe(
      1_000 + 300 + 100,
    );
  });

  it.each([
    [{ points: 1_899, orders: 1, engagement: 0 }, 'regular'],
    [{ points: 1_900, orders: 1, engagement: 0 }, 'silver'],
    [{ points: 7_000, orders: 5, engagement: 25 }, 'gold'],
    [{ points: 25_000, orders: 0, engagement: 0 }, 'diamond'],
  ] as const)('%o qualifies for %s', (activity, tier) => {
    expect(qualifiedTier(activity, policy)).toBe(tier);
  });

  it('activity moves a customer up straight to the qualified tier, never down', () => {
    expect(decideTier('regular', 'gold', 'activity')).toEqual({
      change: true,
      tier: 'gold',
      previousTier: 'regular',
      direction: 'up',
    });
    expect(decideTier('gold', 'regular', 'activity')).toEqual({ change: false, tier: 'gold' });
  });

  it('an assessment moves down one tier at a time, and up at once', () => {
    expect(decideTier('diamond', 'regular', 'assessment')).toEqual({
      change: true,
      tier: 'gold',
      previousTier: 'diamond',
      direction: 'down',
    });
    expect(decideTier('silver', 'diamond', 'assessment')).toMatchObject({
      tier: 'diamond',
      direction: 'up',
    });
    expect(decideTier('silver', 'silver', 'assessment')).toEqual({ change: false, tier: 'silver' });
  });
});
