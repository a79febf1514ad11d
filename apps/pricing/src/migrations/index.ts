import { serviceMigrations } from '@omni/messaging';
import { PricingTables1765200000000 } from './1765200000000-pricing-tables.migration';
import { PricingRules1765300000000 } from './1765300000000-pricing-rules.migration';
import { ConsistencyAlerts1765400000000 } from './1765400000000-consistency-alerts.migration';
import { ImportJobs1765500000000 } from './1765500000000-import-jobs.migration';
import { CatalogChanges1765600000000 } from './1765600000000-catalog-changes.migration';
import { ImportJobLeases1765700000000 } from './1765700000000-import-job-leases.migration';
import { StockCountsBigint1765800000000 } from './1765800000000-stock-counts-bigint.migration';

/** Every migration of this service with messaging's, oldest first. Never rewrite one that has landed. */
export const migrations = serviceMigrations([
  PricingTables1765200000000,
  PricingRules1765300000000,
  ConsistencyAlerts1765400000000,
  ImportJobs1765500000000,
  CatalogChanges1765600000000,
  ImportJobLeases1765700000000,
  StockCountsBigint1765800000000,
]);
