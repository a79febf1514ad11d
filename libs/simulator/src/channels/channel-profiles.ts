import { CHANNELS, type Channel, type PAYMENT_METHODS } from '@omni/contracts';
import type { Weighted } from '../random/prng';

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** How a channel behaves in the simulation. */
export type ChannelGroup =
  'marketplace' | 'social-commerce' | 'owned' | 'messaging' | 'store' | 'contact';

/** The device types a person carries; POS terminals belong to stores. */
export type PersonalDeviceType = 'mobile' | 'desktop' | 'tablet';

export const CHANNEL_GROUP: Readonly<Record<Channel, ChannelGroup>> = {
  tmall: 'marketplace',
  jd: 'marketplace',
  pinduoduo: 'marketplace',
  douyin: 'social-commerce',
  kuaishou: 'social-commerce',
  xiaohongshu: 'social-commerce',
  'wechat-miniprogram': 'owned',
  app: 'owned',
  web: 'owned',
  email: 'messaging',
  sms: 'messaging',
  push: 'messaging',
  pos: 'store',
  'call-center': 'contact',
};

/** Channels where a person can view products, add to cart and order. */
export function isCommerce(channel: Channel): boolean {
  const group = CHANNEL_GROUP[channel];
  return group === 'marketplace' || group === 'social-commerce' || group === 'owned';
}

// PCs reach the marketplaces with a web storefront, the brand site and email; Pinduoduo,
// the content platforms, mini-programs, SMS and push live on phones (and mostly tablets).
const DESKTOP: readonly Channel[] = ['tmall', 'jd', 'web', 'email'];
// Tablets reach every channel a device reaches but SMS.
const TABLET: readonly Channel[] = CHANNELS.filter(
  (channel) => channel !== 'sms' && !isDeviceless(channel),
);

/** Whether a person's device of this type can be used on the channel. */
export function deviceFits(type: PersonalDeviceType, channel: Channel): boolean {
  const group = CHANNEL_GROUP[channel];
  if (group === 'store' || group === 'contact') return false;
  if (type === 'mobile') return true;
  return (type === 'desktop' ? DESKTOP : TABLET).includes(channel);
}

/** Channels the person reaches without a device of their own. */
export function isDeviceless(channel: Channel): boolean {
  const group = CHANNEL_GROUP[channel];
  return group === 'store' || group === 'contact';
}

export function connectorIdOf(channel: Channel): string {
  return `sim-${channel}`;
}

/** Short channel codes for order ids and coupon codes. */
export const CHANNEL_CODE: Readonly<Record<Channel, string>> = {
  tmall: 'TM',
  jd: 'JD',
  pinduoduo: 'PDD',
  douyin: 'DY',
  kuaishou: 'KS',
  xiaohongshu: 'XHS',
  'wechat-miniprogram': 'WX',
  app: 'APP',
  web: 'WEB',
  email: 'EM',
  sms: 'SMS',
  push: 'PUSH',
  pos: 'POS',
  'call-center': 'CC',
};

const ALIPAY_OR_WECHAT: Weighted<PaymentMethod> = [
  ['alipay', 0.55],
  ['wechat-pay', 0.45],
];

/** How buyers pay on each sales channel. */
export const PAYMENT_MIX: Readonly<Partial<Record<Channel, Weighted<PaymentMethod>>>> = {
  tmall: [
    ['alipay', 0.92],
    ['card', 0.08],
  ],
  jd: [
    ['wechat-pay', 0.6],
    ['unionpay', 0.2],
    ['card', 0.2],
  ],
  pinduoduo: [
    ['wechat-pay', 0.7],
    ['alipay', 0.3],
  ],
  douyin: ALIPAY_OR_WECHAT,
  kuaishou: [
    ['wechat-pay', 0.6],
    ['alipay', 0.4],
  ],
  xiaohongshu: ALIPAY_OR_WECHAT,
  'wechat-miniprogram': [['wechat-pay', 1]],
  app: ALIPAY_OR_WECHAT,
  web: ALIPAY_OR_WECHAT,
  pos: [
    ['wechat-pay', 0.5],
    ['alipay', 0.3],
    ['card', 0.15],
    ['cash', 0.05],
  ],
};
