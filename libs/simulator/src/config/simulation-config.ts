import { CHANNELS, type Channel } from '@omni/contracts';
import { z } from 'zod';
import { isCommerce } from '../channels/channel-profiles';
import {
  DEFAULT_CAMPAIGNS,
  DEFAULT_CATEGORIES,
  DEFAULT_COMPETITORS,
  DEFAULT_DAYPARTS,
  DEFAULT_PRODUCTS,
  DEFAULT_STORES,
} from './simulation-defaults';

// Every figure below is a default taken from /work/shared/DOMAIN-FACTS.md where the facts
// give one (marked "facts"), otherwise a plausible value for a mid-sized beauty brand.

const share = z.number().min(0).max(1);
const weight = z.number().min(0);
const channel = z.enum(CHANNELS);
const money = z.int().min(0);

const range = (min: number, max: number) =>
  z
    .strictObject({ min: z.number().min(0), max: z.number().min(0) })
    .refine((value) => value.min <= value.max, { error: 'expected min <= max' })
    .default(() => ({ min, max }));

const intRange = (min: number, max: number) =>
  z
    .strictObject({ min: z.int().min(0), max: z.int().min(0) })
    .refine((value) => value.min <= value.max, { error: 'expected min <= max' })
    .default(() => ({ min, max }));

/** Relative weights per channel; they need not add up to 1, but at least one must be positive. */
const channelWeights = (defaults: Partial<Record<Channel, number>>) =>
  z
    .partialRecord(channel, weight)
    .refine((weights) => Object.values(weights).some((value) => value > 0), {
      error: 'expected at least one channel with a positive weight',
    })
    .default(() => ({ ...defaults }));

const hourlyProfile = (defaults: number[]) =>
  z
    .array(weight)
    .length(24, { error: 'expected 24 hourly weights, one per local hour 0–23' })
    .refine((weights) => weights.some((value) => value > 0), {
      error: 'expected at least one hour with a positive weight',
    })
    .default(() => [...defaults]);

export const FIRST_TOUCH_SOURCES = ['search', 'social', 'offline-referral', 'other'] as const;
/** How a person first came into contact with the brand (facts: 45/30/15/10). */
export type FirstTouchSource = (typeof FIRST_TOUCH_SOURCES)[number];

export const CAMPAIGN_PURPOSES = ['acquisition', 'retention', 'retargeting'] as const;
export type CampaignPurpose = (typeof CAMPAIGN_PURPOSES)[number];

const campaignSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  channel,
  purpose: z.enum(CAMPAIGN_PURPOSES),
  source: z.string().min(1).max(200),
  medium: z.string().min(1).max(200),
  /** Daily cost in minor units per 1,000 simulated people, so ROI stays stable as people scale. */
  dailyBudgetPer1000People: money,
  /** Cost per 1,000 impressions in minor units: turns the cost into reported impressions. */
  cpm: z.int().min(1),
  ctr: share,
});

const productSchema = z.strictObject({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  category: z.string().min(1).max(200),
  listPrice: z.int().min(1),
  unitCost: money,
});

const categorySchema = z.strictObject({
  name: z.string().min(1).max(200),
  queries: z.array(z.string().min(1).max(500)).min(1),
});

const storeSchema = z.strictObject({ id: z.string().min(1).max(128), city: z.string().min(1) });

const competitorSchema = z.strictObject({
  name: z.string().min(1).max(200),
  channel,
  priceFactor: z
    .strictObject({ min: z.number().positive(), max: z.number().positive() })
    .refine((value) => value.min <= value.max, { error: 'expected min <= max' }),
});

const schema = z.strictObject({
  seed: z.int().min(0).max(0xffffffff).default(20250601),
  people: z.int().min(1).max(10_000_000).default(1000),
  startDate: z.iso.date({ error: 'expected a calendar date YYYY-MM-DD' }).default('2025-06-01'),
  days: z.int().min(1).max(1000).default(30),
  /** Local time of the simulated market: China Standard Time, no daylight saving. */
  utcOffsetMinutes: z.int().min(-840).max(840).default(480),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 code such as CNY' })
    .default('CNY'),
  locale: z.string().default('zh-CN'),

  devices: z
    .strictObject({
      /** facts: "A shopper uses 2.6 devices a day on average". */
      mean: z.number().min(1).default(2.6),
      max: z.int().min(1).max(8).default(5),
      /** The first device is always a phone; the others are drawn from this mix. */
      extraDeviceMix: z
        .strictObject({ mobile: weight, desktop: weight, tablet: weight })
        .refine((mix) => mix.mobile + mix.desktop + mix.tablet > 0, {
          error: 'expected at least one device type with a positive weight',
        })
        .default(() => ({ mobile: 0.25, desktop: 0.55, tablet: 0.2 })),
      iosShare: share.default(0.25),
    })
    .refine((value) => value.mean <= value.max, { error: 'expected mean <= max' })
    .prefault({}),

  identity: z
    .strictObject({
      emailShare: share.default(0.45),
      /** Members before the simulation starts; the others register on the way. */
      existingMemberShare: share.default(0.2),
      /** Marketplace events that also carry the device's advertising id. */
      marketplaceDeviceIdShare: share.default(0.3),
      /** Marketplace orders that pass the buyer's phone to the brand. */
      marketplaceOrderPhoneShare: share.default(0.6),
      loginWhileBrowsingShare: share.default(0.35),
      signupWhileBrowsingShare: share.default(0.08),
      /** Mini-program visitors who authorise WeChat on their first visit, not at checkout. */
      miniProgramEarlyAuthorisationShare: share.default(0.5),
      /** App logins through WeChat, which reveal the app's openId and the unionId. */
      appWechatLoginShare: share.default(0.4),
    })
    .prefault({}),

  wechatApps: z
    .strictObject({
      miniProgram: z.string().min(1).default('wx8f3c2a1b0d9e7f65'),
      mobileApp: z.string().min(1).default('wx1a2b3c4d5e6f7081'),
    })
    .prefault({}),

  /** facts: first contact through search 45%, social 30%, offline referral 15%, other 10%. */
  firstTouch: z
    .strictObject({
      search: share.default(0.45),
      social: share.default(0.3),
      'offline-referral': share.default(0.15),
      other: share.default(0.1),
    })
    .refine(
      (mix) => Math.abs(mix.search + mix.social + mix['offline-referral'] + mix.other - 1) < 1e-9,
      { error: 'expected the four first-touch shares to add up to 1' },
    )
    .prefault({}),

  /** Where each first-touch source happens. */
  firstTouchChannels: z
    .strictObject({
      search: channelWeights({ tmall: 0.35, jd: 0.25, web: 0.25, pinduoduo: 0.15 }),
      social: channelWeights({
        douyin: 0.35,
        xiaohongshu: 0.35,
        kuaishou: 0.15,
        'wechat-miniprogram': 0.15,
      }),
      'offline-referral': channelWeights({ pos: 0.5, 'wechat-miniprogram': 0.3, app: 0.2 }),
      other: channelWeights({ web: 0.6, app: 0.4 }),
    })
    .prefault({}),

  journey: z
    .strictObject({
      /** facts: "uses 3–5 different channels before one online purchase"; a tail either side. */
      channelCounts: z
        .array(z.strictObject({ channels: z.int().min(1).max(8), share: weight }))
        .min(1)
        .default(() => [
          { channels: 2, share: 0.05 },
          { channels: 3, share: 0.4 },
          { channels: 4, share: 0.35 },
          { channels: 5, share: 0.15 },
          { channels: 6, share: 0.05 },
        ]),
      /** Channels a shopper compares on (facts: "checks 2–3 platforms"). */
      researchChannels: channelWeights({
        tmall: 0.18,
        jd: 0.14,
        pinduoduo: 0.08,
        douyin: 0.12,
        xiaohongshu: 0.16,
        kuaishou: 0.05,
        'wechat-miniprogram': 0.1,
        app: 0.06,
        web: 0.07,
        pos: 0.02,
        'call-center': 0.02,
      }),
      purchaseChannels: channelWeights({
        tmall: 0.3,
        jd: 0.2,
        pinduoduo: 0.1,
        douyin: 0.12,
        kuaishou: 0.04,
        xiaohongshu: 0.04,
        'wechat-miniprogram': 0.08,
        app: 0.06,
        web: 0.06,
      }),
      /** facts: "views detail pages 4–6 times". */
      productViews: intRange(4, 6),
      /** facts: "puts about 3 similar products in the cart". */
      cartItems: intRange(2, 4),
      /** facts: "hesitates 1–3 days" between first touch and purchase. */
      hesitationDays: range(1, 3),
      extraSessions: intRange(0, 2),
      /** facts: "65% of purchase decisions cross more than one device". */
      crossDeviceShare: share.default(0.65),
      /** facts: "76% complete the purchase on mobile". */
      mobilePurchaseShare: share.default(0.76),
      /** Conditional stage conversion: view → cart → checkout → order. */
      funnel: z
        .strictObject({
          addToCart: share.default(0.55),
          checkout: share.default(0.45),
          order: share.default(0.7),
        })
        .prefault({}),
      /** Compared items not bought that are removed from the cart rather than left in it. */
      removeUnboughtShare: share.default(0.5),
    })
    .prefault({}),

  cartRecovery: z
    .strictObject({
      /** Abandoned carts that get a reminder on a consented channel. */
      retargetedShare: share.default(0.6),
      /** facts: retargeting wins back "up to 68%"; the default is a typical, lower rate. */
      recoveryRate: share.default(0.2),
      delayDays: range(0.2, 2),
    })
    .prefault({}),

  orders: z
    .strictObject({
      /** Orders over the threshold that use the channel's 满300减50 coupon. */
      couponShare: share.default(0.35),
      couponThreshold: money.default(30000),
      couponDiscount: money.default(5000),
      secondLineShare: share.default(0.3),
      quantityTwoShare: share.default(0.15),
      freeShippingThreshold: money.default(9900),
      shippingFee: money.default(800),
      cancelRate: share.default(0.03),
      refundRate: share.default(0.05),
      reviewRate: share.default(0.2),
      serviceContactRate: share.default(0.08),
    })
    .prefault({}),

  /** facts: the repurchase moments are 7 and 30 days; personalised offers lift it by ~40%. */
  repurchase: z
    .strictObject({
      after7Days: share.default(0.1),
      after30Days: share.default(0.15),
      reminderShare: share.default(0.5),
      reminderLift: z.number().min(0).default(0.4),
    })
    .prefault({}),

  /** facts: churn by silence: under 30 days, 30–90 days, over 90 days. The rest never return. */
  silence: z
    .strictObject({
      returnWithin30Days: share.default(0.4),
      returnWithin90Days: share.default(0.2),
      returnAfter90Days: share.default(0.1),
    })
    .refine(
      (value) => value.returnWithin30Days + value.returnWithin90Days + value.returnAfter90Days <= 1,
      { error: 'expected the three return shares to add up to at most 1' },
    )
    .prefault({}),

  store: z
    .strictObject({
      shopperShare: share.default(0.3),
      visitsPer30Days: z.number().min(0).default(1.5),
      purchaseShare: share.default(0.45),
      /** Visitors without a card who take a loyalty card when asked. */
      loyaltySignupShare: share.default(0.6),
    })
    .prefault({}),

  consent: z
    .strictObject({
      marketingGrantedShare: share.default(0.6),
      changesPer30Days: z.number().min(0).default(0.05),
      policyVersion: z.string().min(1).default('2025-03'),
    })
    .prefault({}),

  marketing: z
    .strictObject({
      /** Ad impressions a known person sees outside any journey, per day. */
      ambientTouchesPerDay: z.number().min(0).default(0.2),
      ambientChannels: channelWeights({
        douyin: 0.35,
        xiaohongshu: 0.3,
        kuaishou: 0.15,
        tmall: 0.1,
        jd: 0.1,
      }),
      /** Marketplace searches that also click a paid search ad. */
      paidSearchClickShare: share.default(0.3),
      campaigns: z
        .array(campaignSchema)
        .min(1)
        .default(() => structuredClone(DEFAULT_CAMPAIGNS)),
    })
    .prefault({}),

  /**
   * A/B tests on the brand's own channels: a person's variant is a stable hash of the
   * experiment and the person, carried as context.experiments on their browsing and order
   * events there. Exposure only: no variant changes behaviour (an A/A test's ground truth).
   */
  experiments: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(128),
        channels: z.array(channel).min(1),
        variants: z.array(z.string().min(1).max(64)).min(2).max(10),
      }),
    )
    .max(10)
    .default(() => [
      {
        id: 'checkout-button',
        channels: ['web', 'app', 'wechat-miniprogram'] as Channel[],
        variants: ['control', 'treatment'],
      },
    ]),

  dayparts: z
    .strictObject({
      mobile: hourlyProfile(DEFAULT_DAYPARTS.mobile),
      desktop: hourlyProfile(DEFAULT_DAYPARTS.desktop),
      store: hourlyProfile(DEFAULT_DAYPARTS.store),
    })
    .prefault({}),

  catalogue: z
    .strictObject({
      brand: z.string().min(1).default('Lumière'),
      categories: z
        .array(categorySchema)
        .min(1)
        .default(() => structuredClone(DEFAULT_CATEGORIES)),
      products: z
        .array(productSchema)
        .min(1)
        .default(() => structuredClone(DEFAULT_PRODUCTS)),
    })
    .prefault({}),

  /** facts: "prices differ by channel"; list price × factor, 1 when absent. */
  channelPriceFactors: z.partialRecord(channel, z.number().positive()).default(() => ({
    pinduoduo: 0.9,
    douyin: 0.95,
    kuaishou: 0.95,
    jd: 0.98,
    'wechat-miniprogram': 0.97,
    app: 0.97,
  })),

  stores: z
    .array(storeSchema)
    .min(1)
    .default(() => structuredClone(DEFAULT_STORES)),
  warehouses: z
    .array(z.string().min(1).max(128))
    .min(1)
    .default(() => ['WH-SH-01', 'WH-GZ-01']),
  competitors: z.array(competitorSchema).default(() => structuredClone(DEFAULT_COMPETITORS)),
  inventory: z
    .strictObject({
      warehouseStock: intRange(200, 800),
      storeStock: intRange(10, 60),
      /** Stock is replenished when it falls below this share of its starting level. */
      restockBelowShare: share.default(0.25),
    })
    .prefault({}),
});

type RawConfig = z.output<typeof schema>;

// Cross-field rules, each with a message that names the setting to change.
function crossChecks(config: RawConfig, issues: z.core.$ZodRawIssue[]): void {
  const categories = new Set(config.catalogue.categories.map((category) => category.name));
  config.catalogue.products.forEach((product, index) => {
    if (!categories.has(product.category)) {
      issues.push({
        code: 'custom',
        input: product.category,
        path: ['catalogue', 'products', index, 'category'],
        message: `unknown category ${JSON.stringify(product.category)}; add it to catalogue.categories`,
      });
    }
  });
  const skus = new Set<string>();
  config.catalogue.products.forEach((product, index) => {
    if (skus.has(product.sku)) {
      issues.push({
        code: 'custom',
        input: product.sku,
        path: ['catalogue', 'products', index, 'sku'],
        message: `duplicate sku ${product.sku}`,
      });
    }
    skus.add(product.sku);
  });
  config.catalogue.categories.forEach((category, index) => {
    if (!config.catalogue.products.some((product) => product.category === category.name)) {
      issues.push({
        code: 'custom',
        input: category.name,
        path: ['catalogue', 'categories', index],
        message: `category ${category.name} has no product; add one or remove the category`,
      });
    }
  });
  for (const [name, value] of Object.entries(config.journey.purchaseChannels)) {
    if (value > 0 && !isCommerce(name as Channel)) {
      issues.push({
        code: 'custom',
        input: name,
        path: ['journey', 'purchaseChannels', name],
        message: `${name} cannot take online orders; use marketplaces, content platforms, wechat-miniprogram, app or web`,
      });
    }
  }
  const acquisition = new Set(
    config.marketing.campaigns.filter((c) => c.purpose === 'acquisition').map((c) => c.channel),
  );
  // Paid first touches and ambient ads need a campaign to name in marketing.touch.
  const needsCampaign: [string[], Partial<Record<Channel, number>>, Channel[]][] = [
    [['firstTouchChannels', 'search'], config.firstTouchChannels.search, ['web']],
    [
      ['firstTouchChannels', 'social'],
      config.firstTouchChannels.social,
      ['douyin', 'kuaishou', 'xiaohongshu'],
    ],
    [['marketing', 'ambientChannels'], config.marketing.ambientChannels, [...CHANNELS]],
  ];
  for (const [path, weights, paid] of needsCampaign) {
    for (const [name, value] of Object.entries(weights) as [Channel, number][]) {
      if (value > 0 && paid.includes(name) && !acquisition.has(name)) {
        issues.push({
          code: 'custom',
          input: name,
          path: [...path, name],
          message: `needs an acquisition campaign on ${name} in marketing.campaigns`,
        });
      }
    }
  }
}

export const simulationConfigSchema = schema.check((payload) => {
  crossChecks(payload.value, payload.issues);
});

/** A fully resolved simulation config: every default filled in. */
export type SimulationConfig = z.output<typeof simulationConfigSchema>;
/** What callers pass: any subset of the config; missing settings take their defaults. */
export type SimulationConfigInput = z.input<typeof simulationConfigSchema>;
export type Campaign = SimulationConfig['marketing']['campaigns'][number];
export type Product = SimulationConfig['catalogue']['products'][number];
export type Store = SimulationConfig['stores'][number];

/** Thrown by parseSimulationConfig; the message lists every bad setting and what was expected. */
export class SimulationConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid simulation config:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'SimulationConfigError';
  }
}

/** Validates once, up front: a bad setting stops the simulation with its path and the rule. */
export function parseSimulationConfig(input: unknown = {}): SimulationConfig {
  const result = simulationConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new SimulationConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}
