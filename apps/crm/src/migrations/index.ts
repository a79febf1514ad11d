import { serviceMigrations } from '@omni/messaging';

/** Every migration of this service (messaging's only), oldest first. Never rewrite one that has landed. */
export const migrations = serviceMigrations();
