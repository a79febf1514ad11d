import { serviceMigrations } from '@omni/messaging';
import { CrmCustomersPoints1766000000000 } from './1766000000000-crm-customers-points.migration';
import { CrmConsent1766100000000 } from './1766100000000-crm-consent.migration';
import { CrmJourneys1766100000001 } from './1766100000001-crm-journeys.migration';
import { CrmInsights1766100000002 } from './1766100000002-crm-insights.migration';
import { CrmJourneyTimerInstanceIndex1766100000003 } from './1766100000003-crm-journey-timer-instance-index.migration';
import { CrmMergedCustomers1766200000000 } from './1766200000000-crm-merged-customers.migration';
import { CrmCustomerProfiles1766300000000 } from './1766300000000-crm-customer-profiles.migration';
import { CrmCustomerProfileView1766400000000 } from './1766400000000-crm-customer-profile-view.migration';
import { CrmCustomerKeysBytewise1766500000000 } from './1766500000000-crm-customer-keys-bytewise.migration';
import { CrmProfileFoldJson1766600000000 } from './1766600000000-crm-profile-fold-json.migration';

/** Every migration of this service with messaging's, oldest first. Never rewrite one that has landed. */
export const migrations = serviceMigrations([
  CrmCustomersPoints1766000000000,
  CrmConsent1766100000000,
  CrmJourneys1766100000001,
  CrmInsights1766100000002,
  CrmJourneyTimerInstanceIndex1766100000003,
  CrmMergedCustomers1766200000000,
  CrmCustomerProfiles1766300000000,
  CrmCustomerProfileView1766400000000,
  CrmCustomerKeysBytewise1766500000000,
  CrmProfileFoldJson1766600000000,
]);
