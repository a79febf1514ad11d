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
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code, e.g. CN')
      .optional(),
    oldPrice: moneySchema,
    validFrom: timestampSchema,
    reason: z.string().min(1).max(500),
    priceListId: idSchema.optional(),
    ruleId: idSchema.optional(),
  })
  .check(singleCurrency('currency'));

export const priceWithdrawnV1 = defineEvent({
  type: 'price.withdrawn',
  version: 1,
  kind: 'service',
  summary:
    'No price applies any more to a SKU on a channel, for a tier or segment (or everyone when both are absent), from validFrom on: a read model drops the price it kept (price.changed announces the next one).',
  payload,
});
