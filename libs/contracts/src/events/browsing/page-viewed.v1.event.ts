import { z } from 'zod';
import { urlSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

const PAGE_TYPES = [
  'home',
  'category',
  'product',
  'search',
  'cart',
  'checkout',
  'account',
  'content',
  'store-locator',
  'other',
] as const;

export const pageViewedV1 = defineEvent({
  type: 'page.viewed',
  version: 1,
  kind: 'channel',
  summary: 'A person viewed a page of a web site, an app screen or a mini-program page.',
  payload: z.strictObject({
    path: z.string().min(1).max(2048),
    url: urlSchema.max(4096).optional(),
    title: z.string().max(500).optional(),
    referrer: z.string().max(4096).optional(),
    pageType: z.enum(PAGE_TYPES).optional(),
  }),
});
