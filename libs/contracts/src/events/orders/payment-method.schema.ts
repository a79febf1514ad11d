import { z } from 'zod';

export const PAYMENT_METHODS = [
  'alipay',
  'wechat-pay',
  'unionpay',
  'card',
  'cash',
  'cash-on-delivery',
  'gift-card',
  'points',
  'other',
] as const;

export const paymentMethodSchema = z.enum(PAYMENT_METHODS);
