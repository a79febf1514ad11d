import { serviceMigrations } from '@omni/messaging';
import { ReportingFacts1767000000000 } from './1767000000000-reporting-facts.migration';
import { ReportingAlerts1767000000001 } from './1767000000001-reporting-alerts.migration';
import { ReportingChannelDecisions1767000000002 } from './1767000000002-reporting-channel-decisions.migration';
import { ReportingInventoryCsatDecisionRevisions1767000000010 } from './1767000000010-reporting-inventory-csat-decision-revisions.migration';
import { ReportingPromotionsPricing1767100000000 } from './1767100000000-reporting-promotions-pricing.migration';
import { ReportingReturnedUnits1767200000000 } from './1767200000000-reporting-returned-units.migration';
import { ReportingTimelines1767300000000 } from './1767300000000-reporting-timelines.migration';
import { ReportingTouchTimelines1767400000000 } from './1767400000000-reporting-touch-timelines.migration';

/** Every migration of this service with messaging's, oldest first. Never rewrite one that has landed. */
export const migrations = serviceMigrations([
  ReportingFacts1767000000000,
  ReportingAlerts1767000000001,
  ReportingChannelDecisions1767000000002,
  ReportingInventoryCsatDecisionRevisions1767000000010,
  ReportingPromotionsPricing1767100000000,
  ReportingReturnedUnits1767200000000,
  ReportingTimelines1767300000000,
  ReportingTouchTimelines1767400000000,
]);
