import { serviceMigrations } from '@omni/messaging';
import { PromotionsTables1767000000000 } from './1767000000000-promotions-tables.migration';

/** Every migration of this service with messaging's, oldest first. Never rewrite one that has landed. */
export const migrations = serviceMigrations([PromotionsTables1767000000000]);
