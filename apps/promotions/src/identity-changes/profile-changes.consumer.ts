import { profileChangesHandler } from '@omni/platform';
import { IdentityChangesService } from './identity-changes.service';

/** Merges, splits and erasures from identity, applied once in the inbox transaction. */
export const ProfileChangesHandler = profileChangesHandler(IdentityChangesService);
