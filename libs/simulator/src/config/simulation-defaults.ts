import type { Channel } from '@omni/contracts';

interface ProductDefault {
  sku: string;
  name: string;
  category: string;
  listPrice: number;
  unitCost: number;
}

interface CampaignDefault {
  id: string;
  name: string;
  channel: Channel;
  purpose: 'acquisition' | 'retention' | 'retargeting';
  source: string;
  medium: string;
  dailyBudgetPer1000People: number;
  cpm: number;
  ctr: number;
}

interface CompetitorDefault {
  name: string;
  channel: Channel;
  priceFactor: { min: number; max: number };
}

/**
 * Default reference data for the simulated brand: catalogue, campaigns, stores, competitors
 * and hourly activity profiles. Prices are CNY fen (integer minor units).
 */

export const DEFAULT_CATEGORIES: { name: string; queries: string[] }[] = [
  { name: '护肤/精华', queries: ['修护精华', '精华液 抗老', '小棕瓶', '烟酰胺精华'] },
  { name: '护肤/面霜', queries: ['保湿面霜 敏感肌', '修护面霜', '晚霜', '清爽面霜'] },
  { name: '护肤/洁面', queries: ['氨基酸洗面奶', '温和洁面', '卸妆油'] },
  { name: '护肤/面膜', queries: ['补水面膜', '睡眠面膜', '清洁泥膜'] },
  { name: '护肤/防晒', queries: ['防晒霜 SPF50', '防晒喷雾', '素颜霜 防晒'] },
  { name: '彩妆/口红', queries: ['口红 显白', '哑光口红', '滋润唇膏'] },
];

export const DEFAULT_PRODUCTS: ProductDefault[] = [
  {
    sku: 'LUM-SERUM-30ML',
    name: '小棕瓶修护精华 30ml',
    category: '护肤/精华',
    listPrice: 52000,
    unitCost: 12800,
  },
  {
    sku: 'LUM-SERUM-50ML',
    name: '小棕瓶修护精华 50ml',
    category: '护肤/精华',
    listPrice: 76000,
    unitCost: 18500,
  },
  {
    sku: 'LUM-VC-SERUM-30ML',
    name: '维C焕亮精华 30ml',
    category: '护肤/精华',
    listPrice: 45000,
    unitCost: 10200,
  },
  {
    sku: 'LUM-NIA-SERUM-30ML',
    name: '烟酰胺亮肤精华 30ml',
    category: '护肤/精华',
    listPrice: 39000,
    unitCost: 8600,
  },
  {
    sku: 'LUM-CREAM-30ML',
    name: '修护面霜 30ml',
    category: '护肤/面霜',
    listPrice: 43000,
    unitCost: 9800,
  },
  {
    sku: 'LUM-CREAM-50ML',
    name: '修护面霜 50ml',
    category: '护肤/面霜',
    listPrice: 62000,
    unitCost: 13900,
  },
  {
    sku: 'LUM-NIGHT-CREAM-50ML',
    name: '焕活晚霜 50ml',
    category: '护肤/面霜',
    listPrice: 58000,
    unitCost: 13100,
  },
  {
    sku: 'LUM-GEL-CREAM-50ML',
    name: '清爽凝霜 50ml',
    category: '护肤/面霜',
    listPrice: 32900,
    unitCost: 7200,
  },
  {
    sku: 'LUM-CLEANSER-120ML',
    name: '氨基酸洁面 120ml',
    category: '护肤/洁面',
    listPrice: 16900,
    unitCost: 3100,
  },
  {
    sku: 'LUM-FOAM-150ML',
    name: '温和泡沫洁面 150ml',
    category: '护肤/洁面',
    listPrice: 13900,
    unitCost: 2600,
  },
  {
    sku: 'LUM-OIL-200ML',
    name: '植萃卸妆油 200ml',
    category: '护肤/洁面',
    listPrice: 22900,
    unitCost: 4700,
  },
  {
    sku: 'LUM-MASK-5PCS',
    name: '补水修护面膜 5片',
    category: '护肤/面膜',
    listPrice: 19900,
    unitCost: 3900,
  },
  {
    sku: 'LUM-SLEEP-MASK-80ML',
    name: '睡眠面膜 80ml',
    category: '护肤/面膜',
    listPrice: 29900,
    unitCost: 6100,
  },
  {
    sku: 'LUM-CLAY-MASK-100ML',
    name: '清洁泥膜 100ml',
    category: '护肤/面膜',
    listPrice: 25900,
    unitCost: 5200,
  },
  {
    sku: 'LUM-SPF50-50ML',
    name: '轻透防晒乳 SPF50 50ml',
    category: '护肤/防晒',
    listPrice: 26900,
    unitCost: 5600,
  },
  {
    sku: 'LUM-SPF50-SPRAY',
    name: '清爽防晒喷雾 150ml',
    category: '护肤/防晒',
    listPrice: 19900,
    unitCost: 4100,
  },
  {
    sku: 'LUM-TONE-UP-40ML',
    name: '素颜防晒霜 40ml',
    category: '护肤/防晒',
    listPrice: 29900,
    unitCost: 6300,
  },
  {
    sku: 'LUM-LIP-01',
    name: '丝绒哑光口红 #01 正红',
    category: '彩妆/口红',
    listPrice: 32000,
    unitCost: 5400,
  },
  {
    sku: 'LUM-LIP-02',
    name: '丝绒哑光口红 #02 豆沙',
    category: '彩妆/口红',
    listPrice: 32000,
    unitCost: 5400,
  },
  {
    sku: 'LUM-LIP-03',
    name: '水润唇膏 #03 蜜桃',
    category: '彩妆/口红',
    listPrice: 28000,
    unitCost: 4800,
  },
];

export const DEFAULT_CAMPAIGNS: CampaignDefault[] = [
  {
    id: 'tm-ztc-search',
    name: '天猫直通车',
    channel: 'tmall',
    purpose: 'acquisition',
    source: 'tmall',
    medium: 'cpc',
    dailyBudgetPer1000People: 12000,
    cpm: 3000,
    ctr: 0.03,
  },
  {
    id: 'jd-kuaiche-search',
    name: '京东快车',
    channel: 'jd',
    purpose: 'acquisition',
    source: 'jd',
    medium: 'cpc',
    dailyBudgetPer1000People: 8000,
    cpm: 2800,
    ctr: 0.028,
  },
  {
    id: 'pdd-search-ads',
    name: '多多搜索推广',
    channel: 'pinduoduo',
    purpose: 'acquisition',
    source: 'pinduoduo',
    medium: 'cpc',
    dailyBudgetPer1000People: 4000,
    cpm: 1500,
    ctr: 0.035,
  },
  {
    id: 'baidu-sem',
    name: '百度搜索推广',
    channel: 'web',
    purpose: 'acquisition',
    source: 'baidu',
    medium: 'cpc',
    dailyBudgetPer1000People: 6000,
    cpm: 4000,
    ctr: 0.04,
  },
  {
    id: 'dy-live-stream',
    name: '抖音直播专场',
    channel: 'douyin',
    purpose: 'acquisition',
    source: 'douyin',
    medium: 'live-stream',
    dailyBudgetPer1000People: 15000,
    cpm: 2500,
    ctr: 0.02,
  },
  {
    id: 'dy-short-video',
    name: '抖音短视频种草',
    channel: 'douyin',
    purpose: 'acquisition',
    source: 'douyin',
    medium: 'short-video',
    dailyBudgetPer1000People: 8000,
    cpm: 2000,
    ctr: 0.015,
  },
  {
    id: 'ks-live-stream',
    name: '快手直播',
    channel: 'kuaishou',
    purpose: 'acquisition',
    source: 'kuaishou',
    medium: 'live-stream',
    dailyBudgetPer1000People: 5000,
    cpm: 1800,
    ctr: 0.018,
  },
  {
    id: 'xhs-kol-seeding',
    name: '小红书达人种草',
    channel: 'xiaohongshu',
    purpose: 'acquisition',
    source: 'xiaohongshu',
    medium: 'kol-note',
    dailyBudgetPer1000People: 10000,
    cpm: 3500,
    ctr: 0.025,
  },
  {
    id: 'wx-moments-ads',
    name: '朋友圈广告',
    channel: 'wechat-miniprogram',
    purpose: 'acquisition',
    source: 'wechat',
    medium: 'moments-ad',
    dailyBudgetPer1000People: 6000,
    cpm: 3000,
    ctr: 0.012,
  },
  {
    id: 'crm-sms-repurchase',
    name: '复购提醒短信',
    channel: 'sms',
    purpose: 'retention',
    source: 'crm',
    medium: 'sms',
    dailyBudgetPer1000People: 800,
    cpm: 5000,
    ctr: 0.06,
  },
  {
    id: 'crm-push-repurchase',
    name: '复购提醒推送',
    channel: 'push',
    purpose: 'retention',
    source: 'crm',
    medium: 'push',
    dailyBudgetPer1000People: 200,
    cpm: 100,
    ctr: 0.05,
  },
  {
    id: 'crm-email-newsletter',
    name: '会员月刊',
    channel: 'email',
    purpose: 'retention',
    source: 'crm',
    medium: 'email',
    dailyBudgetPer1000People: 300,
    cpm: 500,
    ctr: 0.04,
  },
  {
    id: 'crm-sms-cart-reminder',
    name: '购物车提醒短信',
    channel: 'sms',
    purpose: 'retargeting',
    source: 'crm',
    medium: 'cart-reminder',
    dailyBudgetPer1000People: 500,
    cpm: 5000,
    ctr: 0.08,
  },
  {
    id: 'crm-push-cart-reminder',
    name: '购物车提醒推送',
    channel: 'push',
    purpose: 'retargeting',
    source: 'crm',
    medium: 'cart-reminder',
    dailyBudgetPer1000People: 100,
    cpm: 100,
    ctr: 0.07,
  },
];

export const DEFAULT_STORES: { id: string; city: string }[] = [
  { id: 'SH-JINGAN-001', city: '上海市' },
  { id: 'BJ-SANLITUN-001', city: '北京市' },
  { id: 'GZ-TIANHE-001', city: '广州市' },
  { id: 'HZ-XIHU-001', city: '杭州市' },
  { id: 'CD-CHUNXI-001', city: '成都市' },
];

export const DEFAULT_COMPETITORS: CompetitorDefault[] = [
  { name: 'Sephora JD flagship', channel: 'jd', priceFactor: { min: 0.85, max: 1.05 } },
  { name: 'Watsons Tmall store', channel: 'tmall', priceFactor: { min: 0.88, max: 1.08 } },
];

// Relative activity by local hour (0–23): phones in the morning, at lunch and in the evening,
// PCs during working hours (DOMAIN-FACTS: "phone in the morning and evening, PC during
// working hours"), stores during opening hours.
export const DEFAULT_DAYPARTS = {
  mobile: [2, 1, 0.5, 0.3, 0.3, 0.5, 2, 5, 6, 4, 3, 3, 5, 5, 3, 3, 3, 4, 5, 7, 8, 9, 8, 5],
  desktop: [0, 0, 0, 0, 0, 0, 0, 0.5, 2, 6, 8, 8, 5, 6, 8, 8, 7, 5, 2, 1, 1, 0.5, 0.2, 0],
  store: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 4, 5, 6, 6, 6, 5, 6, 7, 6, 2, 0, 0],
};
