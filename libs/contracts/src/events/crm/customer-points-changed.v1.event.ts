import { z } from 'zod';
import { countSchema, idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const customerPointsChangedV1 = defineEvent({
  type: 'customer.points-changed',
  version: 1,
  kind: 'service',
  summary: 'A points ledger entry was written; delta is negative when points are burned or expire.',
  payload: z.strictObject({
    entryId: idSchema,
    entryType: z.enum(['earn', 'burn', 'expire', 'adjust', 'reverse']),
    delta: z.int(),
    balance: countSchema,
    /** Points owed after refunded points had already been spent: the ledger sum is -owed and balance is 0. */
    owed: countSchema.min(1).optional(),
    tierQualifying: z.boolean(),
    orderId: idSchema.optional(),
  }),
});
