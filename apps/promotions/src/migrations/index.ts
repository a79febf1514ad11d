import { serviceMigrations } from '@omni/messaging';
import { PartialRefundsFlashUnitsOfferOrigins1767100000000 } from './1767100000000-partial-refunds-flash-units-offer-origins.migration';
import { PromotionsTables1767000000000 } from './1767000000000-promotions-tables.migration';
import { EarlyOrderReleases1767200000000 } from './1767200000000-early-order-releases.migration';
import { ReadModelChangeNotifications1767300000000 } from './1767300000000-read-model-change-notifications.migration';
import { CampaignChangeNotifications1767400000000 } from './1767400000000-campaign-change-notifications.migration';

/** Every migration of this service with messaging's, oldest first. Never rewrite one that has landed. */
export const migrations = serviceMigrations([
  PromotionsTables1767000000000,
  PartialRefundsFlashUnitsOfferOrigins1767100000000,
  EarlyOrderReleases1767200000000,
  ReadModelChangeNotifications1767300000000,
  CampaignChangeNotifications1767400000000,
]);
