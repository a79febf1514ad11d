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

const payload = z
  .strictObject({
    path: z.string().min(1).max(2048).optional(),
    url: urlSchema.max(4096).optional(),
    title: z.string().max(500).optional(),
    referrer: z.string().max(4096).optional(),
    pageType: z.enum(PAGE_TYPES).optional(),
  })
  .check((ctx) => {
    if (ctx.value.path === undefined && ctx.value.url === undefined) {
      ctx.issues.push({
        code: 'custom',
        path: [],
        input: ctx.value,
        message: 'expected path or url: a page view names the page',
      });
    }
  })
  // Consumers always read a path: a connector that only knows the URL gets its path derived.
  .transform((value) => ({ ...value, path: value.path ?? pathOf(value.url!) }));

function pathOf(url: string): string {
  return new URL(url).pathname || '/';
}

export const pageViewedV1 = defineEvent({
  type: 'page.viewed',
  version: 1,
  kind: 'channel',
  summary:
    'A person viewed a page of a web site, an app screen or a mini-program page. Send path, url or both; a missing path is derived from the url.',
  payload,
});
