import { AuditEntry } from './audit/audit-entry.entity';
import { Campaign } from './campaigns/campaign.entity';
import { PromotionRow } from './campaigns/promotion.entity';

/** Every TypeORM entity of promotions, handed to its DataSource. */
export const entities = [Campaign, PromotionRow, AuditEntry];
