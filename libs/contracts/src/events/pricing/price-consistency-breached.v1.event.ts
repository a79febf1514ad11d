import { z } from 'zod';
import { channelSchema } from '../../envelope/channel.schema';
import { currencySchema, moneySchema } from '../../shared/money.schema';
import { idSchema, labelSchema, skuSchema, timestampSchema } from '../../shared/primitives.schema';
import { singleCurrency } from '../../shared/single-currency.check';
import { defineEvent } from '../event-definition';

const payload = z
  .strictObject({
    alertId: idSchema,
    sku: skuSchema,
    currency: currencySchema,
    /** The pair of channels that must stay in step, e.g. web and pos. */
    channels: z.tuple([channelSchema, channelSchema]),
    /** The effective price on the first channel, then on the second. */
    firstPrice: moneySchema,
    secondPrice: moneySchema,
    /** |first − second| over the lower price, in basis points. */
    differenceBasisPoints: z.int().min(0),
    toleranceBasisPoints: z.int().min(0),
    segment: labelSchema.optional(),
    detectedAt: timestampSchema,
    reason: z.string().min(1).max(500),
  })
  .check(singleCurrency('currency'), (ctx) => {
    const { channels } = ctx.value;
    if (channels[0] === channels[1])
      ctx.issues.push({
        code: 'custom',
        path: ['channels'],
        input: channels,
        message: 'expected two different channels',
      });
  });

export const priceConsistencyBreachedV1 = defineEvent({
  type: 'price.consistency-breached',
  version: 1,
  kind: 'service',
  summary:
    'The effective prices of a SKU on two channels that must stay in step (online and offline by default) differ by more than the tolerance; raised once per breach.',
  payload,
});
