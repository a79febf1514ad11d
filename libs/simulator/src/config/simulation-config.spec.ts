import { parseSimulationConfig, SimulationConfigError } from './simulation-config';

function problemsOf(input: unknown): readonly string[] {
  try {
    parseSimulationConfig(input);
  } catch (error) {
    if (error instanceof SimulationConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('SimulationConfig', () => {
  it('defaults to the figures of DOMAIN-FACTS', () => {
    const config = parseSimulationConfig({});
    expect(config.devices.mean).toBe(2.6);
    expect(config.journey.mobilePurchaseShare).toBe(0.76);
    expect(config.journey.crossDeviceShare).toBe(0.65);
    expect(config.firstTouch).toEqual({
      search: 0.45,
      social: 0.3,
      'offline-referral': 0.15,
      other: 0.1,
    });
    expect(config.journey.productViews).toEqual({ min: 4, max: 6 });
    expect(config.journey.hesitationDays).toEqual({ min: 1, max: 3 });
    expect(config.repurchase.reminderLift).toBe(0.4);
    expect(config.currency).toBe('CNY');
  });

  it('keeps every other default when one nested setting is overridden', () => {
    const config = parseSimulationConfig({ journey: { funnel: { order: 0.9 } }, people: 10 });
    expect(config.journey.funnel).toEqual({ addToCart: 0.55, checkout: 0.45, order: 0.9 });
    expect(config.journey.mobilePurchaseShare).toBe(0.76);
    expect(config.people).toBe(10);
  });

  it('gives each parse its own copy of the default lists', () => {
    const first = parseSimulationConfig({});
    first.catalogue.products.pop();
    expect(parseSimulationConfig({}).catalogue.products).toHaveLength(20);
  });

  it('names the setting and the rule when first-touch shares do not add up to 1', () => {
    expect(problemsOf({ firstTouch: { search: 0.5 } })).toEqual([
      'firstTouch: expected the four first-touch shares to add up to 1',
    ]);
  });

  it('rejects a product in a category that does not exist', () => {
    const products = [{ sku: 'X-1', name: 'x', category: 'nope', listPrice: 100, unitCost: 10 }];
    expect(problemsOf({ catalogue: { products } })).toEqual(
      expect.arrayContaining([
        'catalogue.products.0.category: unknown category "nope"; add it to catalogue.categories',
      ]),
    );
  });

  it('asks for an acquisition campaign where paid first touches need one', () => {
    const campaigns = parseSimulationConfig({}).marketing.campaigns.filter(
      (campaign) => campaign.channel !== 'douyin',
    );
    expect(problemsOf({ marketing: { campaigns } })).toEqual(
      expect.arrayContaining([
        'firstTouchChannels.social.douyin: needs an acquisition campaign on douyin in marketing.campaigns',
      ]),
    );
  });

  it('refuses purchase channels that cannot take an online order', () => {
    expect(problemsOf({ journey: { purchaseChannels: { pos: 1 } } })).toEqual([
      'journey.purchaseChannels.pos: pos cannot take online orders; use marketplaces, content platforms, wechat-miniprogram, app or web',
    ]);
  });

  it('rejects unknown settings, so a typo does not silently keep a default', () => {
    expect(problemsOf({ peple: 5 })[0]).toMatch(/^\(root\): /);
  });

  it('rejects hourly profiles that do not have 24 hours', () => {
    expect(problemsOf({ dayparts: { mobile: [1, 2, 3] } })).toEqual([
      'dayparts.mobile: expected 24 hourly weights, one per local hour 0–23',
    ]);
  });
});
