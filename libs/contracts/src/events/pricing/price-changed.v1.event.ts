import { z } from 'zod';
import { channelSchema } from '../../envelope/channel.schema';
import { currencySchema, moneySchema } from '../../shared/money.schema';
import {
  idSchema,
  labelSchema,
  skuSchema,
  tierSchema,
  timestampSchema,
} from '../../shared/primitives.schema';
import { singleCurrency } from '../../shared/single-currency.check';
import { defineEvent } from '../event-definition';

const payload = z
  .strictObject({
    sku: skuSchema,
    channel: channelSchema,
    currency: currencySchema,
    tier: tierSchema.optional(),
    segment: labelSchema.optional(),
    oldPrice: moneySchema.optional(),
    newPrice: moneySchema,
    validFrom: timestampSchema,
    validTo: timestampSchema.optional(),
    reason: z.string().min(1).max(500),
    priceListId: idSchema.optional(),
    ruleId: idSchema.optional(),
    // Optional additions keep v1: a country-scoped price, and the Omnibus reference price.
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code, e.g. CN')
      .optional(),
    referencePrice: moneySchema.optional(),
    reductionStartedAt: timestampSchema.optional(),
  })
  .check(singleCurrency('currency'), (ctx) => {
    const { validFrom, validTo } = ctx.value;
    if (validTo !== undefined && Date.parse(validTo) <= Date.parse(validFrom)) {
      ctx.issues.push({
        code: 'custom',
        path: ['validTo'],
        input: validTo,
        message: `expected a time after validFrom (${validFrom})`,
      });
    }
  });

export const priceChangedV1 = defineEvent({
  type: 'price.changed',
  version: 1,
  kind: 'service',
  summary:
    'The price of a SKU on a channel, for a tier or segment (or everyone when both are absent), changed for a validity window.',
  payload,
});
