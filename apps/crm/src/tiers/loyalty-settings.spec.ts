import { ConfigError, parseConfig } from '@omni/config';
import { crmConfig } from '../config/crm-config';

const parse = (env: Record<string, string>) => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return parseConfig(crmConfig);
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
};

describe('loyalty settings', () => {
  it('have documented defaults', () => {
    const { loyalty } = parse({});
    expect(loyalty.points).toMatchObject({
      perCurrencyUnit: 1,
      expiryMonths: 12,
      reviewPoints: 50,
      clawback: 'negative-balance',
    });
    expect(loyalty.tiers.thresholds).toEqual({ silver: 2_000, gold: 8_000, diamond: 25_000 });
    expect(loyalty.tiers.benefits.gold.pointsMultiplierPercent).toBe(125);
    expect(loyalty.traits['birthday']).toBe('first');
  });

  it('overrides merge with the defaults', () => {
    const { loyalty } = parse({
      CRM_TIER_THRESHOLDS: '{"gold":9000}',
      CRM_TIER_BENEFITS: '{"gold":{"pointsMultiplierPercent":130}}',
      CRM_TRAIT_STRATEGIES: '{"city":"union"}',
    });
    expect(loyalty.tiers.thresholds).toEqual({ silver: 2_000, gold: 9_000, diamond: 25_000 });
    expect(loyalty.tiers.benefits.gold).toMatchObject({
      pointsMultiplierPercent: 130,
      birthdayGift: true,
    });
    expect(loyalty.traits['city']).toBe('union');
  });

  it.each([
    ['CRM_TIER_THRESHOLDS', '{"silver":9000}'],
    ['CRM_TIER_WEIGHTS', 'not json'],
    ['CRM_TRAIT_STRATEGIES', '{"city":"newest"}'],
    ['CRM_POINTS_CLAWBACK', 'forgive'],
  ])('a malformed %s stops start-up and names the variable', (variable, value) => {
    let error: unknown;
    try {
      parse({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(variable);
  });
});
