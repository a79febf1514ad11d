import { z } from 'zod';
import { describeValue } from './value-description';

/** An opaque identifier issued by a channel or a service, e.g. an order id. */
export const idSchema = z.string().min(1).max(128);

/** A stock-keeping unit as the brand's catalogue spells it. */
export const skuSchema = z.string().min(1).max(64);

/** A free-text label such as a campaign source or a competitor name. */
export const labelSchema = z.string().min(1).max(200);

/** Optional human text: a review, a reason, a note. */
export const textSchema = z.string().min(1).max(5000);

/** A count of units: a whole number above zero. */
export const quantitySchema = z.int().min(1);

/** A count that may be zero, e.g. units on hand. */
export const countSchema = z.int().min(0);

/** An instant with its UTC offset, so it is never ambiguous. */
export const timestampSchema = z.iso.datetime({
  offset: true,
  error: (issue) =>
    issue.input === undefined
      ? 'is required'
      : `expected an ISO 8601 date-time with a UTC offset, e.g. 2025-06-18T20:15:00+08:00, got ${describeValue(issue.input)}`,
});

/** A calendar day, e.g. the day a marketing cost was incurred. */
export const calendarDateSchema = z.iso.date({
  error: (issue) =>
    issue.input === undefined
      ? 'is required'
      : `expected a calendar date YYYY-MM-DD, e.g. 2025-06-18, got ${describeValue(issue.input)}`,
});

export const urlSchema = z.url({
  error: (issue) =>
    issue.input === undefined
      ? 'is required'
      : `expected an absolute URL, e.g. https://shop.example.cn/p/123, got ${describeValue(issue.input)}`,
});

/** Membership tiers: Regular / Silver / Gold / Diamond (普通/银牌/金牌/钻石). */
export const TIERS = ['regular', 'silver', 'gold', 'diamond'] as const;
export type Tier = (typeof TIERS)[number];
export const tierSchema = z.enum(TIERS);
