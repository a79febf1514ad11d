import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { countSchema, idSchema, skuSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

const payload = z
  .strictObject({
    sku: skuSchema,
    storeId: idSchema.optional(),
    warehouseId: idSchema.optional(),
    onHand: countSchema,
    reserved: countSchema.optional(),
    inTransit: countSchema.optional(),
    unitCost: moneySchema.optional(),
  })
  .check((ctx) => {
    if (ctx.value.storeId === undefined && ctx.value.warehouseId === undefined) {
      ctx.issues.push({
        code: 'custom',
        path: [],
        input: ctx.value,
        message: 'expected storeId or warehouseId: a snapshot counts the stock at one location',
      });
    }
  });

export const inventorySnapshotV1 = defineEvent({
  type: 'inventory.snapshot',
  version: 1,
  kind: 'reference',
  summary: 'Stock of one SKU at one store or warehouse at occurredAt.',
  payload,
});
