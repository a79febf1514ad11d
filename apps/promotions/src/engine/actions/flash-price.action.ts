import { z } from 'zod';
import { formatMoney, mulDivRound } from '../money';
import {
  amountArg,
  describeScopedLines,
  scopeArgs,
  scopedLines,
  type PromotionAction,
} from '../promotion-rule';

const args = z.strictObject({
  unitPrice: amountArg,
  /** Units that may be sold at the flash price across every order, counted when orders redeem. */
  unitCap: z.number().int().min(1).max(100_000_000),
  ...scopeArgs,
});

/**
 * A flash sale: each scoped unit costs `unitPrice` while the promotion has flash units left.
 * A cart asking for more units than are left gets the flash price on the units left only, in
 * line id order; the others keep their price, and the explanation says so.
 */
export const flashPriceAction: PromotionAction<z.infer<typeof args>> = {
  code: 'flash-price',
  description:
    'Each scoped unit costs `unitPrice` until `unitCap` units have been sold at that price; a cart wanting more gets it on the units left.',
  args,
  apply(context, { unitPrice, unitCap, ...scope }) {
    const available = Math.min(unitCap, context.unitsLeft ?? unitCap);
    let left = available;
    let wanted = 0;
    const lineDiscounts = new Map<string, number>();
    const scoped = scopedLines(context, scope);
    for (const line of scoped) {
      // A unit already at or below the flash price takes nothing off and uses no flash unit.
      if (line.amount <= unitPrice * line.quantity) continue;
      wanted += line.quantity;
      const units = Math.min(line.quantity, left);
      if (units === 0) continue;
      left -= units;
      lineDiscounts.set(
        line.lineId,
        Math.max(0, mulDivRound(line.amount, units, line.quantity) - unitPrice * units),
      );
    }
    const units = available - left;
    const price = `${describeScopedLines(scoped, scope)} at the flash price ${formatMoney(unitPrice, context.cart.currency)} a unit`;
    return {
      lineDiscounts,
      units,
      explanation:
        units < wanted
          ? `${price} on ${units} of the ${wanted} units in the cart: only ${available} of the ${unitCap} flash units are left`
          : `${price} (${units} of the ${available} flash units left)`,
    };
  },
};
