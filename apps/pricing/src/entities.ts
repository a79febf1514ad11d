import { AuditEntry } from './audit/audit-entry.entity';
import { FairnessExemptionPolicy } from './fairness/fairness-exemption.entity';
import { ImportJob } from './imports/import-job.entity';
import { PriceList } from './price-lists/price-list.entity';
import { Price } from './price-lists/price.entity';
import { PricingRuleEntity } from './rules/pricing-rule.entity';
import { SkuSettings } from './skus/sku-settings.entity';

/** Every TypeORM entity of pricing, handed to its DataSource. */
export const entities = [
  SkuSettings,
  PriceList,
  Price,
  AuditEntry,
  FairnessExemptionPolicy,
  PricingRuleEntity,
  ImportJob,
];
