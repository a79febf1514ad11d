import { amountOffAction } from './actions/amount-off.action';
import { buyXGetYAction } from './actions/buy-x-get-y.action';
import { everySpendAction } from './actions/every-spend.action';
import { fixedPriceAction } from './actions/fixed-price.action';
import { flashPriceAction } from './actions/flash-price.action';
import { freeShippingAction } from './actions/free-shipping.action';
import { giftAction } from './actions/gift.action';
import { percentOffAction } from './actions/percent-off.action';
import { spendTiersAction } from './actions/spend-tiers.action';
import { channelCondition } from './conditions/channel.condition';
import { couponCodeCondition } from './conditions/coupon-code.condition';
import { firstOrderCondition } from './conditions/first-order.condition';
import { itemsInCartCondition } from './conditions/items-in-cart.condition';
import { minQuantityCondition } from './conditions/min-quantity.condition';
import { minSubtotalCondition } from './conditions/min-subtotal.condition';
import { segmentCondition } from './conditions/segment.condition';
import { tierAtLeastCondition } from './conditions/tier-at-least.condition';
import { timeWindowCondition } from './conditions/time-window.condition';
import type { RegisteredAction, RegisteredCondition } from './promotion-rule';

/** The conditions promotions ships with, handed to the engine's registry (never imported by it). */
export const defaultConditions: readonly RegisteredCondition[] = [
  minSubtotalCondition,
  minQuantityCondition,
  itemsInCartCondition,
  channelCondition,
  tierAtLeastCondition,
  segmentCondition,
  firstOrderCondition,
  couponCodeCondition,
  timeWindowCondition,
];

/** The actions promotions ships with. */
export const defaultActions: readonly RegisteredAction[] = [
  percentOffAction,
  amountOffAction,
  fixedPriceAction,
  flashPriceAction,
  buyXGetYAction,
  spendTiersAction,
  everySpendAction,
  giftAction,
  freeShippingAction,
];
